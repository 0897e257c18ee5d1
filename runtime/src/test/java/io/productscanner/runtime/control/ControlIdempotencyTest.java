package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlIdempotencyTest {
    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    private static HttpResponse<String> submit(String workflowId, String key) throws Exception {
        return api.post(
                ControlApi.EXECUTE, "{\"workflow_id\": \"" + workflowId + "\", \"idempotency_key\": \"" + key + "\"}");
    }

    private static long queued(String platform) {
        return api.redis().connections().commands().zcard(api.redis().keys().queue(platform));
    }

    @Test
    void aRepeatedSubmitReturnsTheFirstJobAndQueuesNothing() throws Exception {
        long before = queued(ControlApi.PLATFORM);
        HttpResponse<String> first = submit(ControlApi.USE_SCANNER, "order-42");
        assertEquals(202, first.statusCode(), first.body());
        JsonNode firstJob = ApiEnvelope.data(first);
        assertFalse(firstJob.has("duplicate"), first.body());

        HttpResponse<String> again = submit(ControlApi.USE_SCANNER, "order-42");
        assertEquals(200, again.statusCode(), again.body());
        JsonNode repeat = ApiEnvelope.data(again);
        assertEquals(firstJob.path("job_id").asText(), repeat.path("job_id").asText());
        assertTrue(repeat.path("duplicate").asBoolean(), again.body());
        assertEquals("pending", repeat.path("status").asText());
        assertEquals(ControlApi.PLATFORM, repeat.path("platform").asText());
        assertEquals(before + 1, queued(ControlApi.PLATFORM), "one job queued for two submits");
    }

    @Test
    void theRepeatReportsTheFirstJobsCurrentStatus() throws Exception {
        String id = ApiEnvelope.data(submit(ControlApi.NOOP, "cancel-me"))
                .path("job_id")
                .asText();
        api.queue().cancel(id);
        HttpResponse<String> again = submit(ControlApi.NOOP, "cancel-me");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id, ApiEnvelope.data(again).path("job_id").asText());
        assertEquals("cancelled", ApiEnvelope.data(again).path("status").asText());
    }

    @Test
    void theSameKeyForAnotherWorkflowQueuesAJobOfThatWorkflow() throws Exception {
        HttpResponse<String> noop = submit(ControlApi.NOOP, "shared-key");
        HttpResponse<String> scanner = submit(ControlApi.USE_SCANNER, "shared-key");

        assertEquals(202, noop.statusCode(), noop.body());
        assertEquals(202, scanner.statusCode(), "a key counts per workflow: " + scanner.body());
        JsonNode second = ApiEnvelope.data(scanner);
        assertNotEquals(
                ApiEnvelope.data(noop).path("job_id").asText(),
                second.path("job_id").asText());
        assertEquals(ControlApi.USE_SCANNER, second.path("workflow_id").asText());
        assertEquals(ControlApi.PLATFORM, second.path("platform").asText());
        HttpResponse<String> again = submit(ControlApi.USE_SCANNER, "shared-key");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(
                second.path("job_id").asText(),
                ApiEnvelope.data(again).path("job_id").asText());
    }

    @Test
    void differentKeysAndNoKeyQueueSeparateJobs() throws Exception {
        long before = queued(PluginRegistry.DEFAULT_QUEUE);
        String a = ApiEnvelope.data(submit(ControlApi.NOOP, "key-a"))
                .path("job_id")
                .asText();
        String b = ApiEnvelope.data(submit(ControlApi.NOOP, "key-b"))
                .path("job_id")
                .asText();
        String c = api.submit(ControlApi.NOOP);
        String d = api.submit(ControlApi.NOOP);
        assertEquals(4, Set.of(a, b, c, d).size());
        assertNotEquals(a, b);
        assertEquals(before + 4, queued(PluginRegistry.DEFAULT_QUEUE));
    }

    @Test
    void aBadKeyIsA400NamingTheField() throws Exception {
        long keysBefore = queued(PluginRegistry.DEFAULT_QUEUE);
        for (String key : new String[] {
            "42",
            "\"\"",
            "\"" + "k".repeat(201) + "\"",
            "{}",
            "\"a\\u0000b\"",
            "\"order-1\\r\\nforged=line\"",
            "\"\\u001b[31mred\""
        }) {
            HttpResponse<String> response = api.post(
                    ControlApi.EXECUTE,
                    "{\"workflow_id\": \"" + ControlApi.NOOP + "\", \"idempotency_key\": " + key + "}");
            assertEquals(400, response.statusCode(), key + ": " + response.body());
            assertEquals(
                    "idempotency_key", ApiEnvelope.error(response).path("field").asText());
        }
        assertEquals(keysBefore, queued(PluginRegistry.DEFAULT_QUEUE));
        HttpResponse<String> longest = submit(ControlApi.NOOP, "k".repeat(200));
        assertEquals(202, longest.statusCode(), longest.body());
    }
}
