package io.productscanner.runtime.queue;

import io.productscanner.runtime.job.JobRecord;

/**
 * A job this worker took from its platform's queue, with the lock token that proves it may run it.
 *
 * @param recovered whether the job was taken over from a worker that died while running it
 */
public record ClaimedJob(JobRecord job, String lockToken, boolean recovered) {
    public String jobId() {
        return job.jobId();
    }

    public String platform() {
        return job.platform();
    }
}
