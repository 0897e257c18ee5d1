package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits on what costs a caller nothing to ask for, through the real API on a real Redis: queued jobs per
 * platform (3 here) and schedules in all (2 here). Each answers with {@code Retry-After} and the error envelope
 * naming the limit, and stores nothing past it.
 */
class ApiLimitsTest {
    private static final int MAX_QUEUED = 3;
    private static final int MAX_SCHEDULES = 2;
    private static final String SUBMIT = "{\"workflow_id\": \"" + LoadApi.NOOP + "\"}";

    @RegisterExtension
    static final LoadApi api = LoadApi.perClass(MAX_QUEUED, new ApiLimits(64, MAX_SCHEDULES));

    @BeforeEach
    void emptyTheQueue() {
        api.redis()
                .connections()
                .commands()
                .zrange(api.redis().keys().queue(PluginRegistry.DEFAULT_QUEUE), 0, -1)
                .forEach(api.queue()::cancel);
    }

    private static long storedJobs() {
        return api.redis().connections().commands().zcard(api.redis().keys().jobIndex());
    }

    private static void assertLimited(HttpResponse<String> response, int status, String code, String limit) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, ApiEnvelope.error(response).path("code").asText(), response.body());
        assertTrue(ApiEnvelope.error(response).path("message").asText().contains(limit), response.body());
        assertTrue(
                Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow()) > 0,
                response.headers().toString());
    }

    @Test
    void aSubmitToAFullQueueIsA503AndStoresNothing() throws Exception {
        for (int i = 0; i < MAX_QUEUED; i++) {
            assertEquals(202, api.post(LoadApi.EXECUTE, SUBMIT).statusCode());
        }
        long stored = storedJobs();
        assertLimited(api.post(LoadApi.EXECUTE, SUBMIT), 503, "queue_full", "MAX_QUEUED_JOBS_PER_PLATFORM");
        assertEquals(MAX_QUEUED, api.queued(PluginRegistry.DEFAULT_QUEUE));
        assertEquals(stored, storedJobs(), "the refused submit stored no job");

        // a job that leaves the queue makes room for one more
        api.queue()
                .cancel(api.redis()
                        .connections()
                        .commands()
                        .zrange(api.redis().keys().queue(PluginRegistry.DEFAULT_QUEUE), 0, 0)
                        .getFirst());
        assertEquals(202, api.post(LoadApi.EXECUTE, SUBMIT).statusCode());
    }

    @Test
    void submitsRacingForTheLastPlacesTakeNoMoreThanThereAre() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(api.http()
                    .sendAsync(
                            api.postRequest(LoadApi.EXECUTE, SUBMIT, Duration.ofSeconds(20)),
                            HttpResponse.BodyHandlers.ofString()));
        }
        int accepted = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            int status = answer.get(30, TimeUnit.SECONDS).statusCode();
            accepted += status == 202 ? 1 : 0;
            refused += status == 503 ? 1 : 0;
        }
        assertEquals(MAX_QUEUED, accepted);
        assertEquals(30 - MAX_QUEUED, refused);
        assertEquals(MAX_QUEUED, api.queued(PluginRegistry.DEFAULT_QUEUE));
    }

    @Test
    void anIdempotentRepeatIsStillAnsweredWhenTheQueueIsFull() throws Exception {
        String keyed = "{\"workflow_id\": \"" + LoadApi.NOOP + "\", \"idempotency_key\": \"repeat-me\"}";
        HttpResponse<String> first = api.post(LoadApi.EXECUTE, keyed);
        assertEquals(202, first.statusCode(), first.body());
        while (api.queued(PluginRegistry.DEFAULT_QUEUE) < MAX_QUEUED) {
            assertEquals(202, api.post(LoadApi.EXECUTE, SUBMIT).statusCode());
        }
        HttpResponse<String> repeat = api.post(LoadApi.EXECUTE, keyed);
        assertEquals(200, repeat.statusCode(), repeat.body());
        assertEquals(
                ApiEnvelope.data(first).path("job_id"), ApiEnvelope.data(repeat).path("job_id"));
    }

    @Test
    void aScheduleBeyondTheLimitIsA429AndIsNotStored() throws Exception {
        for (int i = 0; i < MAX_SCHEDULES; i++) {
            HttpResponse<String> created = api.post(
                    "/api/v2/schedules",
                    "{\"id\": \"s" + i + "\", \"workflow_id\": \"" + LoadApi.NOOP + "\", \"cron\": \"0 0 * * *\"}");
            assertEquals(201, created.statusCode(), created.body());
        }
        assertLimited(
                api.post(
                        "/api/v2/schedules",
                        "{\"id\": \"one-too-many\", \"workflow_id\": \"" + LoadApi.NOOP
                                + "\", \"cron\": \"0 0 * * *\"}"),
                429,
                "too_many_schedules",
                "MAX_SCHEDULES");
        assertEquals(
                MAX_SCHEDULES,
                ApiEnvelope.data(api.get("/api/v2/schedules")).path("count").asInt());
        assertEquals(404, api.get("/api/v2/schedules/one-too-many").statusCode());
    }
}
