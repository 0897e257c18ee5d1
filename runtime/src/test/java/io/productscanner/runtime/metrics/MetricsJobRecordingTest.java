package io.productscanner.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.worker.WorkerPool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real worker loop records each job run it ends: its status, run time and queue wait. */
class MetricsJobRecordingTest {
    private static final String PLATFORM = "metricjobs";

    @Test
    void workerRecordsStatusDurationAndWaitOfEveryJobItEnds() throws Exception {
        ScannerMetrics metrics = ScannerMetrics.create();
        MeterRegistry registry = metrics.registry();
        try (TestRedis redis = TestRedis.start()) {
            Queues queues = redis.queues(Duration.ofSeconds(30));
            JobQueue queue = queues.jobs();
            String failing = UUID.randomUUID().toString();
            enqueue(queue, UUID.randomUUID().toString());
            enqueue(queue, failing);
            try (WorkerPool pool = WorkerPool.start(
                    redis.connections(),
                    queues,
                    List.of(PLATFORM),
                    "metrics-worker",
                    Duration.ofMillis(50),
                    metrics,
                    (job, control) -> {
                        Thread.sleep(50);
                        return job.jobId().equals(failing)
                                ? JobOutcome.failed("broken", null)
                                : JobOutcome.completed(null);
                    })) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (jobs(registry, "completed") + jobs(registry, "failed") < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
        assertEquals(1, jobs(registry, "completed"));
        assertEquals(1, jobs(registry, "failed"));
        Timer duration =
                timer(registry, ScannerMetrics.JOB_DURATION, Map.of("platform", PLATFORM, "workflow", "wf-jobs"));
        assertEquals(2, duration.count());
        assertTrue(duration.totalTime(TimeUnit.MILLISECONDS) >= 100, "two runs of 50 ms");
        assertEquals(
                2,
                timer(registry, ScannerMetrics.JOB_WAIT, Map.of("platform", PLATFORM))
                        .count());
    }

    private static void enqueue(JobQueue queue, String id) {
        queue.enqueue(new NewJob(
                id,
                "wf-jobs",
                PLATFORM,
                0,
                JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode()));
    }

    private static long jobs(MeterRegistry registry, String status) {
        return registry
                .meters(meter ->
                        matches(meter, ScannerMetrics.JOBS_TOTAL, Map.of("platform", PLATFORM, "status", status)))
                .stream()
                .mapToLong(meter -> ((Counter) meter).count())
                .sum();
    }

    private static Timer timer(MeterRegistry registry, String name, Map<String, String> tags) {
        return registry.meters(meter -> matches(meter, name, tags)).stream()
                .map(Timer.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no timer " + name + " " + tags));
    }

    private static boolean matches(Meter meter, String name, Map<String, String> tags) {
        return meter.id().name().equals(name) && meter.id().tagsMap().entrySet().containsAll(tags.entrySet());
    }
}
