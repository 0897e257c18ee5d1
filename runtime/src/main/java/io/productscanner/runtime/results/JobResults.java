package io.productscanner.runtime.results;

import io.productscanner.runtime.job.JobStatus;

/**
 * A job's results and what the results API says about the job alongside them.
 *
 * @param status the job's status, or null when the job itself has expired and only its results file is left
 */
public record JobResults(String jobId, String platform, JobStatus status, ResultsSource source) {}
