package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** An answer a reader cannot read travels with its failure, so whoever fixes the reader sees what the site sent. */
class ParseEvidenceTest {
    private static final HttpSettings NO_PACING =
            HttpSettings.builder().pacing(Duration.ZERO).maxAttempts(1).build();

    @Test
    void anUnreadableJsonAnswerIsAttachedToItsRetryableParseFailureAsSent() throws Exception {
        String body = "{\"data\": {\"goods\": \"not an object\"";
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(200, body).withHeader("Content-Type", "application/json;charset=UTF-8"))) {
            Request request =
                    new Request.Builder().url("https://api.example.com/goods/7").build();
            TextResponse response = HttpCalls.fetchText(client(server), request);

            ScanException failure = assertThrows(ScanException.class, () -> JsonBodies.parseObject(response));

            assertEquals(FailureKind.PARSE, failure.kind());
            assertTrue(failure.retryable(), "a parse failure may read next time");
            assertEquals(1, failure.evidence().size());
            ScanEvidence evidence = failure.evidence().getFirst();
            assertEquals("answer.json", evidence.name());
            assertEquals("application/json;charset=UTF-8", evidence.mediaType());
            assertEquals(request.url().toString(), evidence.source());
            assertEquals(body, new String(evidence.content(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anHtmlAnswerWhereJsonWasExpectedIsKeptAsHtml() throws Exception {
        String body = "<html><body>점검 중입니다</body></html>";
        try (LoopbackServer server = LoopbackServer.start()
                .enqueue(Reply.of(200, body).withHeader("Content-Type", "text/html; charset=utf-8"))) {
            TextResponse response = HttpCalls.fetchText(
                    client(server),
                    new Request.Builder().url("https://api.example.com/goods/8").build());

            ScanException failure = assertThrows(ScanException.class, () -> JsonBodies.parseObject(response));

            ScanEvidence evidence = failure.evidence().getFirst();
            assertEquals("answer.html", evidence.name());
            assertEquals(body, new String(evidence.content(), StandardCharsets.UTF_8));
        }
    }

    /** A client whose requests the scripted server answers, as a site mirror would. */
    private static OkHttpClient client(LoopbackServer server) {
        return HttpClients.create(TestContexts.withMirror(server.url()), NO_PACING);
    }
}
