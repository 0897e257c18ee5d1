package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing the token, through the real server: an absurdly long Authorization header is refused unread, and an
 * address that sent ten wrong tokens is told to wait (429 with Retry-After) instead of having more looked at.
 */
class ApiSecurityTokenAttemptsTest {
    private static final String TOKEN = "0123456789abcdef-token";
    private static final String RIGHT = "Bearer " + TOKEN;

    @TempDir
    Path root;

    @Test
    void anAuthorizationHeaderOver512BytesIsRefusedEvenIfItHoldsTheToken() throws Exception {
        try (InProcessApi api = InProcessApi.start(root, Optional.of(TOKEN))) {
            // blanks before the token are skipped when comparing: only the length refuses the first one
            int limit = BearerTokenFilter.MAX_AUTHORIZATION_LENGTH;
            String over = "Bearer " + " ".repeat(limit + 1 - RIGHT.length()) + TOKEN;
            String atLimit = "Bearer " + " ".repeat(limit - RIGHT.length()) + TOKEN;

            HttpResponse<String> refused = api.get("/api/v2/platforms", "Authorization", over);
            HttpResponse<String> huge = api.get("/api/v2/platforms", "Authorization", "Bearer " + "a".repeat(8000));
            HttpResponse<String> atTheLimit = api.get("/api/v2/platforms", "Authorization", atLimit);

            assertEquals(limit + 1, over.length());
            assertEquals(limit, atLimit.length());
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(
                    "Bearer error=\"invalid_token\"",
                    refused.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, huge.statusCode(), huge.body());
            assertEquals(200, atTheLimit.statusCode(), atTheLimit.body());
        }
    }

    @Test
    void afterTenWrongTokensAnAddressIsToldToWaitEvenWithTheRightOne() throws Exception {
        try (InProcessApi api = InProcessApi.start(root, Optional.of(TOKEN))) {
            // no token at all is not a guess: it never counts
            for (int i = 0; i < 20; i++) {
                assertEquals(401, api.get("/api/v2/platforms").statusCode());
            }
            for (int i = 0; i < FailedTokenAttempts.BURST; i++) {
                HttpResponse<String> wrong = api.get("/api/v2/platforms", "Authorization", "Bearer guess-" + i);
                assertEquals(401, wrong.statusCode(), "guess " + i + ": " + wrong.body());
            }

            HttpResponse<String> next = api.get("/api/v2/platforms", "Authorization", "Bearer guess-next");
            HttpResponse<String> right = api.get("/api/v2/platforms", "Authorization", RIGHT);
            HttpResponse<String> submit =
                    api.postJson(InProcessApi.EXECUTE, InProcessApi.execute("{}"), "Authorization", RIGHT);

            for (HttpResponse<String> response : List.of(next, right, submit)) {
                assertEquals(429, response.statusCode(), response.body());
                long retryAfter = Long.parseLong(
                        response.headers().firstValue("Retry-After").orElseThrow());
                assertTrue(
                        retryAfter >= 1 && retryAfter <= FailedTokenAttempts.REGAIN.toSeconds(),
                        "Retry-After " + retryAfter);
                assertEquals(
                        "too_many_token_failures",
                        Json.read(response.body()).path("error").path("code").asText(),
                        response.body());
            }
            assertEquals(200, api.get("/observe/health").statusCode(), "health stays open");
        }
    }

    @Test
    void aFewWrongTokensAmongRightOnesAreNotPunished() throws Exception {
        try (InProcessApi api = InProcessApi.start(root, Optional.of(TOKEN))) {
            for (int i = 0; i < FailedTokenAttempts.BURST - 1; i++) {
                assertEquals(
                        401,
                        api.get("/api/v2/platforms", "Authorization", "Bearer typo")
                                .statusCode());
                assertEquals(
                        200,
                        api.get("/api/v2/platforms", "Authorization", RIGHT).statusCode());
            }
        }
    }
}
