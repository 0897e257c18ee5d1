package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.nodes.SaveResultNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code save_result} writes the job's results file beside its Redis list, and a resumed job rewrites it. */
class ResultsSaveTest {
    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    @TempDir
    Path dir;

    @Test
    void saveResultWritesTheFileAndRecordsItOnTheJob() throws Exception {
        JobStore store = redis.store();
        String jobId = ResultsFixtures.newJobId();
        JobRecord job = ResultsFixtures.job(jobId, "musinsa", "2025-11-27T08:11:01.578Z");
        redis.connections().commands().hset(redis.keys().job(jobId), ResultsFixtures.jobHash(job, JobStatus.RUNNING));
        List<ProductResult> products = ResultsFixtures.products(7);

        ResultsFixtures.save(new SaveResultNode(new ResultsDirectory(dir)), store, job, products);

        Path expected = dir.toAbsolutePath().resolve("2025-11-27/job_musinsa_" + jobId + ".jsonl");
        assertEquals(expected.toString(), store.find(jobId).orElseThrow().resultsFile());
        List<String> lines = Files.readAllLines(expected);
        assertEquals(1 + 7 + 1, lines.size());
        assertEquals(Json.read("""
                {"total": 7, "success": 5, "failed": 2, "not_found": 0, "match": 3, "mismatch": 2}"""), Json.read(lines.getLast()).path("summary"));
        assertEquals(
                ResultsFixtures.asJson(products),
                store.results(jobId, 0, 100).stream().map(Json::read).toList(),
                "the Redis list is kept as well");
    }

    @Test
    void aResumedJobRewritesTheFileWholeEvenWhenItRestartsOnAnotherDay() throws Exception {
        JobStore store = redis.store();
        SaveResultNode save = new SaveResultNode(new ResultsDirectory(dir));
        String jobId = ResultsFixtures.newJobId();
        List<ProductResult> products = ResultsFixtures.products(5);
        // the first attempt saved, then its worker died before the node was checkpointed
        ResultsFixtures.save(save, store, ResultsFixtures.job(jobId, "musinsa", "2025-11-27T23:58:00.000Z"), products);
        // taken over after midnight: claim.lua stamps a new started_at
        ResultsFixtures.save(save, store, ResultsFixtures.job(jobId, "musinsa", "2025-11-28T00:03:00.000Z"), products);

        List<Path> files = resultsFiles();
        assertEquals(List.of(dir.toAbsolutePath().resolve("2025-11-28/job_musinsa_" + jobId + ".jsonl")), files);
        List<JsonNode> urls = Files.readAllLines(files.getFirst()).stream()
                .map(Json::read)
                .filter(line -> line.path("type").asText().equals("result"))
                .map(line -> line.path("url"))
                .toList();
        assertEquals(5, urls.size());
        assertEquals(5, urls.stream().distinct().count(), "a product appears twice");
        assertFalse(Files.exists(dir.resolve("2025-11-27/job_musinsa_" + jobId + ".jsonl")));
    }

    @Test
    void theLiveFileOfAnAttemptKilledTheDayBeforeIsRemoved() throws Exception {
        JobStore store = redis.store();
        SaveResultNode save = new SaveResultNode(new ResultsDirectory(dir));
        String jobId = ResultsFixtures.newJobId();
        // the first attempt was killed mid-scan before midnight: only its live file is left
        Path killedLive = dir.resolve("2025-11-27/job_musinsa_" + jobId + ".jsonl.partial");
        Files.createDirectories(killedLive.getParent());
        Files.writeString(killedLive, "{\"type\": \"result\"}\n");

        ResultsFixtures.save(
                save,
                store,
                ResultsFixtures.job(jobId, "musinsa", "2025-11-28T00:03:00.000Z"),
                ResultsFixtures.products(3));

        assertEquals(
                List.of(dir.toAbsolutePath().resolve("2025-11-28/job_musinsa_" + jobId + ".jsonl")), resultsFiles());
    }

    @Test
    void anotherJobsFileIsLeftAlone() throws Exception {
        JobStore store = redis.store();
        SaveResultNode save = new SaveResultNode(new ResultsDirectory(dir));
        String first = ResultsFixtures.newJobId();
        String second = ResultsFixtures.newJobId();
        ResultsFixtures.save(
                save,
                store,
                ResultsFixtures.job(first, "musinsa", "2025-11-27T10:00:00.000Z"),
                ResultsFixtures.products(2));
        ResultsFixtures.save(
                save,
                store,
                ResultsFixtures.job(second, "musinsa", "2025-11-28T10:00:00.000Z"),
                ResultsFixtures.products(2));

        assertEquals(2, resultsFiles().size());
    }

    private List<Path> resultsFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(Path::toAbsolutePath).toList();
        }
    }
}
