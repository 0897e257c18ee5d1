package io.productscanner.runtime.queue;

import io.productscanner.runtime.job.JobRecord;

/** A job this worker took from its platform's queue, with the lock token that proves it may run it. */
public record ClaimedJob(JobRecord job, String lockToken) {
    public String jobId() {
        return job.jobId();
    }

    public String platform() {
        return job.platform();
    }
}
