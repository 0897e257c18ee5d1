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
