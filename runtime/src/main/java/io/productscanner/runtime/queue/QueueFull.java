package io.productscanner.runtime.queue;

/** A new job refused because its platform's queue already holds the most jobs allowed; nothing was stored. */
public final class QueueFull extends RuntimeException {
    private final String platform;
    private final int limit;

    public QueueFull(String platform, int limit) {
        super("the " + platform + " queue already holds " + limit + " jobs, the most MAX_QUEUED_JOBS_PER_PLATFORM "
                + "allows");
        this.platform = platform;
        this.limit = limit;
    }

    public String platform() {
        return platform;
    }

    public int limit() {
        return limit;
    }
}
