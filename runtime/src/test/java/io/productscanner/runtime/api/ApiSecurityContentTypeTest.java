package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write with a body must be JSON, through the real server without a token: the kinds of body a page on any
 * site can send without asking (text/plain, forms, multipart) are refused with 415 and nothing is queued.
 */
class ApiSecurityContentTypeTest {
    @RegisterExtension
    static final InProcessApi api = InProcessApi.perClass(Optional.empty());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain",
                "text/plain;charset=UTF-8",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/json; charset=utf-16",
                "application/jsonp",
                "text/json",
                "application/json-seq",
                "",
                "-"
            })
    void aSubmitThatIsNotDeclaredJsonIsRefusedWith415(String contentType) throws Exception {
        long keysBefore = api.storedKeys();
        String headers = contentType.equals("-") ? "" : "Content-Type: " + contentType + "\r\n";

        InProcessApi.RawResponse response = post(InProcessApi.EXECUTE, headers, InProcessApi.execute("{}"));

        assertEquals(415, response.status(), contentType + " -> " + response);
        JsonNode error = Json.read(response.body()).path("error");
        assertEquals("unsupported_media_type", error.path("code").asText(), response.body());
        assertTrue(error.path("message").asText().contains("Content-Type: application/json"), response.body());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "Application/JSON",
                "application/json; charset=utf-8",
                "application/json;charset=\"UTF-8\"",
                "application/vnd.productscanner+json"
            })
    void aJsonSubmitIsAccepted(String contentType) throws Exception {
        InProcessApi.RawResponse response =
                post(InProcessApi.EXECUTE, "Content-Type: " + contentType + "\r\n", InProcessApi.execute("{}"));

        assertEquals(202, response.status(), contentType + " -> " + response);
    }

    @Test
    void aChunkedTextBodyIsRefusedToo() throws Exception {
        long keysBefore = api.storedKeys();
        String body = InProcessApi.execute("{}");

        InProcessApi.RawResponse response = api.raw(
                "POST " + InProcessApi.EXECUTE + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                (Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));

        assertEquals(415, response.status(), response.toString());
        assertEquals(keysBefore, api.storedKeys(), "nothing queued");
    }

    @Test
    void aWriteWithoutABodyNeedsNoContentType() throws Exception {
        String jobId = submitted();

        InProcessApi.RawResponse response = post("/api/v2/jobs/" + jobId + "/cancel", "", "");

        assertEquals(200, response.status(), response.toString());
    }

    private static String submitted() throws Exception {
        var response = api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"));
        assertEquals(202, response.statusCode(), response.body());
        return Json.read(response.body()).path("data").path("job_id").asText();
    }

    private static InProcessApi.RawResponse post(String path, String headers, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return api.raw(
                "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "Content-Length: " + bytes.length
                        + "\r\nConnection: close\r\n\r\n",
                bytes);
    }
}
