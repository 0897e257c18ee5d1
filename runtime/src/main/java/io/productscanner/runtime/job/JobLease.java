package io.productscanner.runtime.job;

/**
 * What proves a worker still holds the job it runs: the platform lock's owner token and the fencing token stored on
 * the job when it was claimed. A write made for a lease is refused once the lock has another owner or the job
 * carries a newer fence (the job was taken over).
 */
public interface JobLease {
    String jobId();

    String platform();

    String lockToken();

    long fence();
}
