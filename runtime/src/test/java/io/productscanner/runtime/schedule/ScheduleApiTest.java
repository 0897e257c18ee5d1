package io.productscanner.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private ScheduleFixture fixture;
    private ApiServer api;

    @BeforeEach
    void start() throws Exception {
        fixture = new ScheduleFixture(root);
        api = fixture.api(root);
    }

    @AfterEach
    void stop() {
        api.close();
        fixture.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRejected(String body, String field) throws Exception {
        HttpResponse<String> response = send("POST", "/api/v2/schedules", body);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(
                field, Json.read(response.body()).path("error").path("field").asText(), response.body());
    }

    @Test
    void validationNamesTheField() throws Exception {
        assertRejected("""
                {"id": "a", "workflow_id": "nope", "cron": "0 * * * *"}""", "workflow_id");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "cron": "0 25 * * *"}""", "cron");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "cron": "0 0 31 2 *"}""", "cron");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "cron": "0 * * * *", "time_zone": "Mars/Olympus"}""", "time_zone");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1"}""", "cron");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "cron": "0 * * * *", "when_idle": {}}""", "cron");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "cron": "0 * * * *", "catch_up": "always"}""", "catch_up");
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "when_idle": {"param_sets": [{"weight": 0}]}}""", "when_idle.param_sets[0].weight");
        assertEquals(
                0,
                Json.read(send("GET", "/api/v2/schedules", null).body())
                        .path("data")
                        .path("count")
                        .asInt());
    }

    @Test
    void cronTakesDayAndMonthNamesAndMacrosButNotReboot() throws Exception {
        String[] accepted = {"0 9 * * MON-FRI", "0 0 1 JAN,JUL *", "@daily", "@Weekly"};
        for (int i = 0; i < accepted.length; i++) {
            HttpResponse<String> created = send("POST", "/api/v2/schedules", """
                    {"id": "named-%d", "workflow_id": "refresh-v1", "cron": "%s"}""".formatted(i, accepted[i]));
            assertEquals(201, created.statusCode(), created.body());
            JsonNode shown = Json.read(
                            send("GET", "/api/v2/schedules/named-" + i, null).body())
                    .path("data");
            assertEquals(accepted[i], shown.path("cron").asText(), shown.toString());
        }
        HttpResponse<String> reboot = send("POST", "/api/v2/schedules", """
                {"id": "at-boot", "workflow_id": "refresh-v1", "cron": "@reboot"}""");
        assertEquals(400, reboot.statusCode(), reboot.body());
        JsonNode error = Json.read(reboot.body()).path("error");
        assertEquals("cron", error.path("field").asText(), reboot.body());
        assertTrue(error.path("message").asText().startsWith("cron: @reboot is not supported"), reboot.body());
    }

    @Test
    void everyNumberIsRangeCheckedWithoutWrappingAndNamesItsField() throws Exception {
        String cron = "\"cron\": \"0 * * * *\"";
        for (String priority : new String[] {"5000", "-1001", "18446744073709551617", "4294967297", "1.5", "\"1\""}) {
            assertRejected("""
                    {"id": "a", "workflow_id": "refresh-v1", %s, "priority": %s}""".formatted(cron, priority), "priority");
        }
        for (String minutes :
                new String[] {"9223372036854775807", "99999999999999999999999", "527041", "-1", "1e300"}) {
            assertRejected("""
                    {"id": "a", "workflow_id": "refresh-v1", "when_idle": {"min_minutes_after_success": %s}}""".formatted(minutes), "when_idle.min_minutes_after_success");
        }
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "when_idle": {"param_sets": [{"weight": 4294967297}]}}""", "when_idle.param_sets[0].weight");
        assertEquals(
                0,
                Json.read(send("GET", "/api/v2/schedules", null).body())
                        .path("data")
                        .path("count")
                        .asInt());

        HttpResponse<String> longest = send("POST", "/api/v2/schedules", """
                {"id": "a", "workflow_id": "refresh-v1", "priority": 1000,
                 "when_idle": {"min_minutes_after_success": 527040, "param_sets": [{"weight": 100}]}}""");
        assertEquals(201, longest.statusCode(), longest.body());
    }

    @Test
    void unknownFieldsAreRefusedAsJobSubmissionRefusesThem() throws Exception {
        for (String field :
                new String[] {"\"x_unknown\": 1", "\"paused\": true", "\"metadata\": {}", "\"next_run\": null"}) {
            HttpResponse<String> response = send("POST", "/api/v2/schedules", """
                    {"id": "a", "workflow_id": "refresh-v1", "cron": "0 * * * *", %s}""".formatted(field));
            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = Json.read(response.body()).path("error");
            assertEquals("unknown_field", error.path("code").asText(), response.body());
            assertEquals(
                    field.substring(1, field.indexOf('"', 1)),
                    error.path("field").asText(),
                    response.body());
        }
        assertRejected("""
                {"id": "a", "workflow_id": "refresh-v1", "when_idle": {"min_minutes": 5}}""", "when_idle.min_minutes");

        assertEquals(201, send("POST", "/api/v2/schedules", """
                {"id": "b", "workflow_id": "refresh-v1", "cron": "0 * * * *"}""").statusCode());
        HttpResponse<String> replaced = send("PUT", "/api/v2/schedules/b", """
                {"workflow_id": "refresh-v1", "cron": "0 0 * * *", "paused": false}""");
        assertEquals(400, replaced.statusCode(), replaced.body());
        assertEquals(
                "paused", Json.read(replaced.body()).path("error").path("field").asText());
        HttpResponse<String> otherId = send("PUT", "/api/v2/schedules/b", """
                {"id": "c", "workflow_id": "refresh-v1", "cron": "0 0 * * *"}""");
        assertEquals(400, otherId.statusCode(), otherId.body());
        assertEquals("id", Json.read(otherId.body()).path("error").path("field").asText());
        HttpResponse<String> sameId = send("PUT", "/api/v2/schedules/b", """
                {"id": "b", "workflow_id": "refresh-v1", "cron": "0 0 * * *"}""");
        assertEquals(200, sameId.statusCode(), "the file a schedule was created from replaces it: " + sameId.body());
    }

    @Test
    void aCallerSendingAScheduleSlotsKeyCannotMakeTheRunReportItsJob() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v2/schedules", """
                {"id": "hourly", "workflow_id": "refresh-v1", "params": {"limit": 5}, "cron": "0 * * * *",
                 "time_zone": "UTC"}""");
        assertEquals(201, created.statusCode(), created.body());
        Scheduler scheduler = fixture.scheduler(Duration.ofSeconds(10), Duration.ZERO);
        try (scheduler) {
            scheduler.tick(); // plans the first slot: 01:00 UTC
            Instant slot = Instant.parse("2026-03-01T01:00:00Z");
            HttpResponse<String> guessed =
                    send("POST", "/api/v2/workflows/execute", """
                    {"workflow_id": "refresh-v1", "params": {"limit": 666}, "idempotency_key": "%s"}""".formatted(ScheduledEnqueue.slotKey("hourly", slot)));
            assertEquals(202, guessed.statusCode(), guessed.body());
            String callersJob =
                    Json.read(guessed.body()).path("data").path("job_id").asText();

            fixture.clock.set(slot.plusSeconds(1));
            scheduler.tick();

            Schedule schedule = fixture.schedules.find("hourly").orElseThrow();
            String runsJob = schedule.lastJobId().orElseThrow();
            assertNotEquals(callersJob, runsJob, "the run queued a job of its own");
            assertEquals(5, fixture.paramsOf(runsJob).path("limit").asInt());
            assertEquals(Map.of("enqueued", 1L), scheduler.stats().runs().get("hourly"));
            assertEquals(2, fixture.queued().size());
        }
    }

    @Test
    void aScheduleStoredBeforeTheChecksTightenedIsLeftAloneUntilReplaced() throws Exception {
        var redis = fixture.redis.connections().commands();
        redis.hset(
                fixture.redis.keys().schedule("old"),
                Map.of(
                        "id",
                        "old",
                        "workflow_id",
                        "refresh-v1",
                        "params",
                        "{}",
                        "priority",
                        "5000",
                        "cron",
                        "0 * * * *",
                        "time_zone",
                        "UTC",
                        "catch_up",
                        "skip",
                        "paused",
                        "0",
                        "rotation",
                        "0"));
        redis.sadd(fixture.redis.keys().schedules(), "old");

        HttpResponse<String> listed = send("GET", "/api/v2/schedules", null);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals(0, Json.read(listed.body()).path("data").path("count").asInt(), listed.body());
        assertEquals(404, send("GET", "/api/v2/schedules/old", null).statusCode());

        HttpResponse<String> replaced = send("PUT", "/api/v2/schedules/old", """
                {"workflow_id": "refresh-v1", "cron": "0 * * * *", "priority": 10}""");
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(
                10, Json.read(replaced.body()).path("data").path("priority").asInt());
    }

    @Test
    void createShowPauseRunNowAndDelete() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v2/schedules", """
                {"id": "nightly", "workflow_id": "refresh-v1", "params": {"limit": 5}, "cron": "0 0 * * *"}""");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode schedule = Json.read(created.body()).path("data");
        assertEquals("Asia/Seoul", schedule.path("time_zone").asText());
        assertEquals("skip", schedule.path("catch_up").asText());
        assertEquals(409, send("POST", "/api/v2/schedules", """
                {"id": "nightly", "workflow_id": "refresh-v1", "cron": "0 0 * * *"}""").statusCode());

        JsonNode paused = Json.read(
                        send("POST", "/api/v2/schedules/nightly/pause", null).body())
                .path("data");
        assertTrue(paused.path("paused").asBoolean());

        HttpResponse<String> ran = send("POST", "/api/v2/schedules/nightly/run-now", null);
        assertEquals(202, ran.statusCode(), ran.body());
        String jobId = Json.read(ran.body()).path("data").path("job_id").asText();
        assertEquals(5, fixture.paramsOf(jobId).path("limit").asInt());
        fixture.runNextJob();
        JsonNode shown =
                Json.read(send("GET", "/api/v2/schedules/nightly", null).body()).path("data");
        assertEquals(jobId, shown.path("last_job_id").asText());
        assertEquals("completed", shown.path("last_outcome").asText());
        assertFalse(shown.path("last_run").isNull());

        HttpResponse<String> replaced = send("PUT", "/api/v2/schedules/nightly", """
                {"workflow_id": "refresh-v1", "when_idle": {"min_minutes_after_success": 30}}""");
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonNode now = Json.read(replaced.body()).path("data");
        assertTrue(now.path("cron").isMissingNode(), "switching to when_idle drops the cron");
        assertEquals(jobId, now.path("last_job_id").asText(), "history survives a replace");

        assertEquals(200, send("DELETE", "/api/v2/schedules/nightly", null).statusCode());
        assertEquals(404, send("GET", "/api/v2/schedules/nightly", null).statusCode());
        assertEquals(404, send("POST", "/api/v2/schedules/nightly/resume", null).statusCode());
    }
}
