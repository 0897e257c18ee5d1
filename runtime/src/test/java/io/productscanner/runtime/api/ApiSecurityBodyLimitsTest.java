package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies over 1 MiB, and bodies within it that nest too deep or hold too much, through the real server:
 * each refused in the error envelope, naming the field, with nothing queued.
 */
class ApiSecurityBodyLimitsTest {
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.empty());

    @Test
    void aContentLengthOverOneMebibyteIsRefusedWith413BeforeTheBodyIsSent() throws Exception {
        long keysBefore = api.storedKeys();

        InProcessApi.RawResponse response = api.raw(
                "POST " + InProcessApi.EXECUTE + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + (MAX_BODY_BYTES + 1)
                        + "\r\n\r\n",
                new byte[0]);

        assertPayloadTooLarge(response);
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @Test
    void aChunkedBodyGrowingOverOneMebibyteIsRefusedWith413() throws Exception {
        long keysBefore = api.storedKeys();
        // valid JSON whose closing brace is byte 1 MiB + 1, in chunks of at most 64 KiB; no last chunk is
        // needed, and none is sent, so the server reads what it was sent and no unread byte resets the socket
        String json = InProcessApi.execute("{}");
        String start = json.substring(0, json.length() - 1);
        StringBuilder body = new StringBuilder(chunk(start));
        for (int left = MAX_BODY_BYTES - start.length(); left > 0; left -= 64 * 1024) {
            body.append(chunk(" ".repeat(Math.min(left, 64 * 1024))));
        }
        body.append(chunk("}"));

        InProcessApi.RawResponse response = api.raw(
                "POST " + InProcessApi.EXECUTE + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                body.toString().getBytes(StandardCharsets.US_ASCII));

        assertPayloadTooLarge(response);
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsStillAccepted() throws Exception {
        String json = InProcessApi.execute("{}");
        String body = json + " ".repeat(MAX_BODY_BYTES - json.length());

        HttpResponse<String> response = api.postJson(InProcessApi.EXECUTE, body);

        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void paramsNestedDeeperThanTwentyLevelsAreRefusedNamingTheField() throws Exception {
        // the body is level 1, so params may be MAX_DEPTH - 1 objects deep
        assertAccepted(InProcessApi.execute(nested(JsonLimits.MAX_DEPTH - 1)));

        JsonNode error = assertRefused(InProcessApi.execute(nested(JsonLimits.MAX_DEPTH)));
        assertEquals(
                "params" + ".a".repeat(JsonLimits.MAX_DEPTH - 1),
                error.path("field").asText());
        assertTrue(error.path("message").asText().contains("deeper than 20 levels"), error.toString());
    }

    @Test
    void nestingBeyondWhatTheParserTakesIsRefusedAsTooLarge() throws Exception {
        long keysBefore = api.storedKeys();
        String deep = "[".repeat(5000) + "]".repeat(5000);

        HttpResponse<String> response =
                api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{\"deep\": " + deep + "}"));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("too_large", ApiEnvelope.error(response).path("code").asText());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @Test
    void anArrayOverTenThousandItemsIsRefusedNamingTheField() throws Exception {
        assertAccepted(InProcessApi.execute("{\"products\": " + numbers(JsonLimits.MAX_ITEMS) + "}"));

        JsonNode error =
                assertRefused(InProcessApi.execute("{\"products\": " + numbers(JsonLimits.MAX_ITEMS + 1) + "}"));
        assertEquals("params.products", error.path("field").asText());
        assertTrue(error.path("message").asText().contains("10001 items"), error.toString());
    }

    @Test
    void anObjectOverTenThousandFieldsIsRefused() throws Exception {
        String fields = IntStream.rangeClosed(0, JsonLimits.MAX_ITEMS)
                .mapToObj(i -> "\"f" + i + "\": 0")
                .collect(Collectors.joining(","));

        JsonNode error = assertRefused(InProcessApi.execute("{\"many\": {" + fields + "}}"));

        assertEquals("params.many", error.path("field").asText());
    }

    @Test
    void aStringOver64KiBIsRefusedNamingItsPlaceEvenInsideAnArray() throws Exception {
        assertAccepted(InProcessApi.execute("{\"note\": \"" + "x".repeat(JsonLimits.MAX_STRING_BYTES) + "\"}"));

        JsonNode plain = assertRefused(
                InProcessApi.execute("{\"note\": \"" + "x".repeat(JsonLimits.MAX_STRING_BYTES + 1) + "\"}"));
        assertEquals("params.note", plain.path("field").asText());

        // 21,846 characters of three UTF-8 bytes each are over 64 KiB though fewer than 65,536 characters
        JsonNode multiByte =
                assertRefused(InProcessApi.execute("{\"list\": [\"ok\", \"" + "가".repeat(21_846) + "\"]}"));
        assertEquals("params.list[1]", multiByte.path("field").asText());
    }

    @Test
    void anOverlongFieldNameIsRefusedByTheParserAsTooLarge() throws Exception {
        JsonNode error =
                assertRefused(InProcessApi.execute("{\"" + "k".repeat(JsonLimits.MAX_STRING_BYTES + 1) + "\": 1}"));

        assertTrue(
                error.path("message").asText().startsWith("the request body exceeds what is accepted"),
                error.toString());
    }

    @Test
    void metadataIsBoundedToo() throws Exception {
        String body = "{\"workflow_id\": \"" + InProcessApi.WORKFLOW_ID + "\", \"metadata\": {\"tags\": "
                + numbers(JsonLimits.MAX_ITEMS + 1) + "}}";

        JsonNode error = assertRefused(body);

        assertEquals("metadata.tags", error.path("field").asText());
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    /** {@code {"a": {"a": ... {}}}} with {@code levels} objects. */
    private static String nested(int levels) {
        return "{\"a\": ".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    private static String numbers(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    private static void assertAccepted(String body) throws Exception {
        HttpResponse<String> response = api.postJson(InProcessApi.EXECUTE, body);
        assertEquals(202, response.statusCode(), response.body());
    }

    /** Posts {@code body}, expects a 400 {@code too_large} and no new key in Redis, and returns the error. */
    private static JsonNode assertRefused(String body) throws Exception {
        long keysBefore = api.storedKeys();
        HttpResponse<String> response = api.postJson(InProcessApi.EXECUTE, body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = ApiEnvelope.error(response);
        assertEquals("too_large", error.path("code").asText(), response.body());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
        return error;
    }

    private static void assertPayloadTooLarge(InProcessApi.RawResponse response) {
        assertEquals(413, response.status(), response.toString());
        assertTrue(
                response.headers().getOrDefault("content-type", "").startsWith("application/json"),
                response.toString());
        JsonNode body = Json.read(response.body());
        assertEquals(false, body.path("success").asBoolean(true));
        assertEquals("payload_too_large", body.path("error").path("code").asText());
        assertTrue(body.path("error").path("field").isNull());
    }
}
