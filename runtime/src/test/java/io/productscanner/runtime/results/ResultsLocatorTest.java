package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where a job's results are read from as Redis lets go of them: the list, the recorded file, a search. */
class ResultsLocatorTest {
    @RegisterExtension
    static final TestRedis redis = TestRedis.perClass();

    @TempDir
    Path dir;

    private JobStore store;
    private ResultsDirectory directory;
    private ResultsLocator locator;

    private JobRecord savedJob(List<ProductResult> products) throws Exception {
        store = redis.store();
        directory = new ResultsDirectory(dir.resolve("results"));
        locator = new ResultsLocator(store, directory);
        JobRecord job = ResultsFixtures.job(ResultsFixtures.newJobId(), "musinsa", "2025-11-27T08:00:00.000Z");
        redis.connections()
                .commands()
                .hset(redis.keys().job(job.jobId()), ResultsFixtures.jobHash(job, JobStatus.COMPLETED));
        ResultsFixtures.save(new SaveResultNode(directory), store, job, products);
        return job;
    }

    @Test
    void whileRedisHoldsTheResultsTheyAreReadFromThere() throws Exception {
        JobRecord job = savedJob(ResultsFixtures.products(5));
        Path file = Path.of(store.find(job.jobId()).orElseThrow().resultsFile());
        try (ResultsFile shorter = ResultsFile.open(file, job)) {
            shorter.finish(Json.MAPPER.createObjectNode());
        }

        JobResults results = locator.locate(job.jobId()).orElseThrow();
        assertEquals(5, results.source().total());
        assertEquals(JobStatus.COMPLETED, results.status());
    }

    @Test
    void whenTheRedisListHasExpiredTheRecordedFileAnswers() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(5);
        JobRecord job = savedJob(products);
        redis.connections().commands().del(redis.keys().results(job.jobId()));

        JobResults results = locator.locate(job.jobId()).orElseThrow();
        assertEquals(5, results.source().total());
        assertEquals(
                ResultsFixtures.asJson(products).subList(1, 4), results.source().read(1, 3));
        assertEquals(JobStatus.COMPLETED, results.status());
        assertEquals("musinsa", results.platform());
    }

    @Test
    void whenTheJobHasExpiredTooItsFileIsFoundByJobId() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(4);
        JobRecord job = savedJob(products);
        redis.connections()
                .commands()
                .del(redis.keys().results(job.jobId()), redis.keys().job(job.jobId()));

        JobResults results = locator.locate(job.jobId()).orElseThrow();
        assertEquals(ResultsFixtures.asJson(products), results.source().all().toList());
        assertEquals("musinsa", results.platform());
        assertNull(results.status());
    }

    @Test
    void aRecordedPathOutsideTheResultsFolderIsNotRead() throws Exception {
        JobRecord job = savedJob(ResultsFixtures.products(3));
        Path outside = dir.resolve("elsewhere.jsonl");
        Files.move(Path.of(store.find(job.jobId()).orElseThrow().resultsFile()), outside);
        store.recordResultsFile(job.jobId(), outside);
        redis.connections().commands().del(redis.keys().results(job.jobId()));

        JobResults results = locator.locate(job.jobId()).orElseThrow();
        assertEquals(0, results.source().total(), "the job is known, its results are not");
    }

    @Test
    void aJobWithNeitherRedisStateNorAFileIsNotFound() throws Exception {
        savedJob(ResultsFixtures.products(1));
        assertEquals(Optional.empty(), locator.locate(ResultsFixtures.newJobId()));
    }
}
