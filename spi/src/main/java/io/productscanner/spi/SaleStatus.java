package io.productscanner.spi;

import java.util.Locale;

/** What a buyer can do with a product right now, normalised across platforms. */
public enum SaleStatus {
    ON_SALE,
    SOLD_OUT,
    /** Discontinued, suspended, hidden or members-only. */
    OFF_SALE,
    /** Deleted, or no such product. */
    NOT_FOUND;

    /** The snake_case name used in JSON ({@code on_sale}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name such as {@code on_sale}; throws IllegalArgumentException for anything else. */
    public static SaleStatus fromWireName(String value) {
        for (SaleStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException(
                "unknown sale status '" + value + "' (expected one of on_sale, sold_out, off_sale, not_found)");
    }
}
