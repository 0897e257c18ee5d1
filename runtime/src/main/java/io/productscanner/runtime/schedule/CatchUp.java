package io.productscanner.runtime.schedule;

import java.util.Locale;

/** What a cron schedule does about slots missed while no scheduler ran. */
public enum CatchUp {
    /** Forget the missed slots and wait for the next future one. */
    SKIP,
    /** Enqueue one run for all the missed slots together, then wait for the next future one. */
    RUN_ONCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code skip} or {@code run_once} */
    public static CatchUp fromWireName(String value) {
        for (CatchUp rule : values()) {
            if (rule.wireName().equals(value)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("catch_up must be skip or run_once, not '" + value + "'");
    }
}
