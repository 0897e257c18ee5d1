package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Numbers no field can hold, through the real server: an integer beyond 64 bits is refused naming its field
 * rather than wrapped ({@code 2^64 + 1} read as a long is 1), and so is a number that is not finite
 * ({@code 1e400} reads as infinity and would be stored as the text "Infinity"). Nothing is queued.
 */
class ApiSecurityNumbersTest {
    private static final String TWO_TO_THE_64_PLUS_ONE = "18446744073709551617";

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.empty());

    private static void assertRefused(String body, String field) throws Exception {
        long keysBefore = api.storedKeys();

        HttpResponse<String> response = api.postJson(InProcessApi.EXECUTE, body);

        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        JsonNode error = ApiEnvelope.error(response);
        assertEquals(field, error.path("field").asText(), response.body());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued for " + body);
    }

    @Test
    void aPriorityBeyond64BitsIsRefusedNotWrappedToOne() throws Exception {
        for (String priority : new String[] {TWO_TO_THE_64_PLUS_ONE, "-" + TWO_TO_THE_64_PLUS_ONE, "9".repeat(40)}) {
            assertRefused(
                    "{\"workflow_id\": \"" + InProcessApi.WORKFLOW_ID + "\", \"priority\": " + priority + "}",
                    "priority");
        }
    }

    @Test
    void aParamBeyond64BitsOrNotFiniteIsRefusedNamingIt() throws Exception {
        Map<String, String> params = Map.of(
                "{\"limit\": " + TWO_TO_THE_64_PLUS_ONE + "}",
                "params.limit",
                "{\"products\": [{\"expected\": {\"original_price\": " + TWO_TO_THE_64_PLUS_ONE + "}}]}",
                "params.products[0].expected.original_price",
                "{\"wait_ms\": 1e400}",
                "params.wait_ms",
                "{\"wait_ms\": -1e400}",
                "params.wait_ms");
        for (Map.Entry<String, String> param : params.entrySet()) {
            assertRefused(InProcessApi.execute(param.getKey()), param.getValue());
        }
    }

    @Test
    void integersWithin64BitsAndFiniteNumbersStillPass() throws Exception {
        HttpResponse<String> response = api.postJson(
                InProcessApi.EXECUTE,
                InProcessApi.execute(
                        "{\"limit\": 9223372036854775807, \"floor\": -9223372036854775808, \"ratio\": 1.5e300}"));

        assertEquals(202, response.statusCode(), response.body());
    }
}
