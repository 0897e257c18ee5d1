package io.productscanner.runtime.worker;

import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;

/** Runs the body of a claimed job. The worker owns queueing, locking and recording the outcome. */
@FunctionalInterface
public interface JobExecutor {
    /**
     * Runs the job to its end. Exceptions are caught by the worker and recorded as a failure.
     *
     * @param control check {@link JobControl#stopRequested()} between units of work
     */
    JobOutcome execute(ClaimedJob job, JobControl control) throws Exception;

    /**
     * Drops what this executor keeps for {@code platform} between jobs (plugin scanners), so the next job builds
     * it afresh: the worker calls this, idle, when asked to restart. Nothing to drop by default.
     */
    default void restartPlatform(String platform) {}
}
