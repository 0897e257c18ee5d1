package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import java.util.List;
import java.util.stream.Stream;

/** A job's results in its Redis list, where they stay for the job retention. */
final class RedisResults implements ResultsSource {
    /** Results read per round trip when streaming them all. */
    private static final int CHUNK = 500;

    private final JobStore store;
    private final String jobId;

    RedisResults(JobStore store, String jobId) {
        this.store = store;
        this.jobId = jobId;
    }

    @Override
    public long total() {
        return store.resultCount(jobId);
    }

    @Override
    public List<JsonNode> read(long offset, long limit) {
        if (limit == 0) {
            return List.of();
        }
        return store.results(jobId, offset, limit).stream().map(Json::read).toList();
    }

    @Override
    public Stream<JsonNode> all() {
        return Stream.iterate(0L, offset -> offset + CHUNK)
                .map(offset -> read(offset, CHUNK))
                .takeWhile(chunk -> !chunk.isEmpty())
                .flatMap(List::stream);
    }
}
