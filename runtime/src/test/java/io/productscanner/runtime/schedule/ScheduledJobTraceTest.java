package io.productscanner.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.testing.OtlpReceiver;
import io.productscanner.runtime.testing.OtlpReceiver.ReceivedSpan;
import io.productscanner.runtime.tracing.TraceContextFields;
import io.productscanner.runtime.tracing.Tracing;
import io.productscanner.runtime.tracing.TracingSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tracing on, a scheduled job's trace starts at the scheduler: the job's hash carries the context of the
 * enqueue under the schedule's span, and the worker that claims it gets that context.
 */
class ScheduledJobTraceTest {
    @TempDir
    Path root;

    private ScheduleFixture fixture;
    private OtlpReceiver receiver;
    private Tracing tracing;

    @BeforeEach
    void start() throws Exception {
        fixture = new ScheduleFixture(root);
        receiver = OtlpReceiver.start();
        // earlier tests of this JVM used the API, which then fixed its global to the no-op
        GlobalOpenTelemetry.resetForTest();
        tracing = TracingSetup.install(
                Settings.of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())), "scheduler-test");
    }

    @AfterEach
    void stop() throws Exception {
        tracing.close();
        GlobalOpenTelemetry.resetForTest();
        receiver.close();
        fixture.close();
    }

    @Test
    void aScheduledJobsTraceStartsAtTheSchedulerAndReachesTheWorker() throws Exception {
        assertTrue(tracing.on());
        fixture.schedules.create(fixture.define("nightly", """
                {"workflow_id": "refresh-v1", "cron": "0 0 * * *", "time_zone": "UTC"}"""));
        fixture.clock.set(Instant.parse("2026-03-01T23:59:00Z"));
        Scheduler scheduler = fixture.scheduler(Duration.ofSeconds(10), Duration.ZERO);
        try {
            scheduler.tick();
            fixture.clock.set(Instant.parse("2026-03-02T00:00:01Z"));
            scheduler.tick();
        } finally {
            scheduler.close();
        }
        assertEquals(1, fixture.queued().size());
        String jobId = fixture.queued().getFirst();
        String traceparent = fixture.redis
                .connections()
                .commands()
                .hget(fixture.redis.keys().job(jobId), TraceContextFields.TRACEPARENT);
        assertNotNull(traceparent, "the job's hash carries its trace context");
        String[] parts = traceparent.split("-");

        ClaimedJob claimed = fixture.queue
                .claim(ScheduleFixture.PLATFORM, "token-1", "worker-1")
                .orElseThrow();
        assertEquals(traceparent, claimed.traceparent(), "the worker gets the submitter's context");

        tracing.close();
        List<ReceivedSpan> spans = receiver.spans();
        ReceivedSpan schedule = spans.stream()
                .filter(span -> span.name().equals("schedule nightly"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(spans.toString()));
        assertTrue(schedule.isRoot(), "the trace starts at the scheduler");
        assertEquals(jobId, schedule.attribute("scanner.job_id"));
        ReceivedSpan send = spans.stream()
                .filter(span -> span.kind().equals("PRODUCER"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(spans.toString()));
        assertEquals(schedule.spanId(), send.parentSpanId());
        assertEquals(parts[1], schedule.traceId());
        assertEquals(send.spanId(), parts[2], "the job continues from its enqueue");
    }
}
