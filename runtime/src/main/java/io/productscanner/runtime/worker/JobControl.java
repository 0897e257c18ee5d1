package io.productscanner.runtime.worker;

/** Lets a running job learn that it must stop (its lease was lost, or the worker shuts down). */
public final class JobControl {
    private volatile String stopReason;
    private volatile boolean cancelled;

    /** Asks the job to stop at its next checkpoint and end as cancelled. */
    public void cancel() {
        cancelled = true;
        stop("cancelled on request");
    }

    private volatile boolean handBack;

    /** Asks the job to stop at its next checkpoint so that it can be handed back to its queue (shutdown). */
    public void handBack(String reason) {
        handBack = true;
        stop(reason);
    }

    /** Whether the job is to go back to its queue rather than end. */
    public boolean handedBack() {
        return handBack && !cancelled;
    }

    /** Whether the stop was a cancel request (the job ends cancelled, not failed). */
    public boolean cancelled() {
        return cancelled;
    }

    /** Asks the job to stop at its next checkpoint. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }
}
