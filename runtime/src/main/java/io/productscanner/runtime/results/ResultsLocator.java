package io.productscanner.runtime.results;

import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a job's results wherever they still are: its Redis list while that is retained, else its results file
 * (the path recorded on the job, else a search of the results folder by job id, for a job whose hash has
 * expired too).
 */
public final class ResultsLocator {
    private final JobStore store;
    private final ResultsDirectory directory;

    public ResultsLocator(JobStore store, ResultsDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    /** The job's results; empty when neither the job nor its results file is left. */
    public Optional<JobResults> locate(String jobId) throws IOException {
        Optional<JobRecord> job = store.find(jobId);
        if (job.isPresent() && store.resultCount(jobId) > 0) {
            return job.map(this::inRedis);
        }
        Optional<Path> file = resultsFile(jobId, job);
        if (file.isPresent()) {
            FileResults results = FileResults.open(file.get());
            String platform = job.map(JobRecord::platform)
                    .orElse(results.header().path("platform").asText());
            return Optional.of(
                    new JobResults(jobId, platform, job.map(JobRecord::status).orElse(null), results));
        }
        // a job still running, or one that produced no results, has an empty list
        return job.map(this::inRedis);
    }

    private JobResults inRedis(JobRecord job) {
        return new JobResults(job.jobId(), job.platform(), job.status(), new RedisResults(store, job.jobId()));
    }

    private Optional<Path> resultsFile(String jobId, Optional<JobRecord> job) throws IOException {
        Optional<Path> recorded = job.map(JobRecord::resultsFile)
                .map(Path::of)
                .filter(directory::holds)
                .filter(Files::isRegularFile);
        return recorded.isPresent() ? recorded : directory.find(jobId);
    }
}
