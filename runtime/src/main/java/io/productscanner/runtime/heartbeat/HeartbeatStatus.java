package io.productscanner.runtime.heartbeat;

import java.util.Locale;

/** What a process is doing, as its heartbeat says. */
public enum HeartbeatStatus {
    /** Serving, with no job running. */
    IDLE,
    /** Running at least one job. */
    BUSY,
    /** Shutting down: takes no new job, may still finish the running one. */
    STOPPING;

    /** The name in the heartbeat and the API: {@code idle}, {@code busy}, {@code stopping}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
