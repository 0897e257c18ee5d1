package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlForceReleaseTest {
    private static final String PLATFORM = ControlApi.PLATFORM;
    private static final String FORCE_RELEASE = "/api/v2/jobs/platform/" + PLATFORM + "/force-release";

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    @Test
    void releasesTheLockAndPutsTheRunningJobBackAtTheHeadOfItsQueue() throws Exception {
        String stuck = api.submit(ControlApi.USE_SCANNER);
        String waiting = api.submit(ControlApi.USE_SCANNER);
        ClaimedJob held = api.queue()
                .claim(PLATFORM, "stuck-worker-token", "stuck-worker")
                .orElseThrow();
        assertEquals(stuck, held.jobId());

        HttpResponse<String> response = api.post(FORCE_RELEASE, "");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode released = ApiEnvelope.data(response);
        assertEquals(PLATFORM, released.path("platform").asText());
        assertTrue(released.path("lock_released").asBoolean());
        assertEquals(stuck, released.path("job_id").asText());
        assertTrue(released.path("requeued").asBoolean());

        var redis = api.redis().connections().commands();
        assertNull(redis.get(api.redis().keys().lock(PLATFORM)));
        assertNull(redis.get(api.redis().keys().running(PLATFORM)));
        JobRecord job = api.redis().store().find(stuck).orElseThrow();
        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(0, job.attempts(), "a forced hand-back is not counted as an attempt");

        // the old worker has lost its lease: it can neither renew nor record an outcome
        assertEquals(JobQueue.Lease.LOST, api.queue().renew(held));
        ClaimedJob next = api.queue()
                .claim(PLATFORM, "fresh-worker-token", "fresh-worker")
                .orElseThrow();
        assertEquals(stuck, next.jobId(), "the released job runs before the one that was waiting");
        assertFalse(api.queue().complete(held, JobOutcome.failed("late outcome", null)));
        assertTrue(api.queue().complete(next, JobOutcome.completed(null)));
        assertEquals(
                JobStatus.COMPLETED,
                api.redis().store().find(stuck).orElseThrow().status());
        assertEquals(
                waiting, api.queue().claim(PLATFORM, "t", "w").orElseThrow().jobId());
        api.queues().platforms().forceRelease(PLATFORM);
    }

    @Test
    void anIdlePlatformHasNothingToRelease() throws Exception {
        HttpResponse<String> response = api.post("/api/v2/jobs/platform/default/force-release", "");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode released = ApiEnvelope.data(response);
        assertFalse(released.path("lock_released").asBoolean());
        assertTrue(released.path("job_id").isNull(), response.body());
        assertFalse(released.path("requeued").asBoolean());
    }

    @Test
    void anUnknownPlatformIs404() throws Exception {
        HttpResponse<String> response = api.post("/api/v2/jobs/platform/nowhere/force-release", "");
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("platform", ApiEnvelope.error(response).path("field").asText());
    }
}
