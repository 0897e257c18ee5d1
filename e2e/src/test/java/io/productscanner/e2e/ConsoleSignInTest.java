package io.productscanner.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console of an API started with {@code API_TOKEN}: the page opens without it, asks for it once, refuses a
 * wrong one, keeps the right one for the browser tab's session only (sessionStorage, not localStorage, never in a
 * URL) and sends it as a bearer header on every call.
 */
class ConsoleSignInTest {
    private static final String TOKEN = "console-sign-in-token-0123456789";

    @RegisterExtension
    static final MirroredServe.ForClass serving =
            MirroredServe.forClass(Map.of("HOST", "127.0.0.1", "API_TOKEN", TOKEN, "SERVICE_NAME", "signed-serve"));

    private static ConsoleBrowser browser;

    @BeforeAll
    static void launch() {
        browser = ConsoleBrowser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theConsoleAsksForTheTokenOnceAndSendsItOnEveryCall() {
        Page page = browser.open(serving.port(), "#/workers");
        List<Request> apiCalls = new ArrayList<>();
        page.onRequest(request -> {
            if (request.url().contains("/api/v2/")) {
                apiCalls.add(request);
            }
        });
        assertThat(page.locator("h1")).hasText("Sign in");

        page.getByLabel("API token").fill("not-the-token-0123456789");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.locator("[role=alert]")).hasText("The API refused that token.");

        page.getByLabel("API token").fill(TOKEN);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        assertThat(page.locator("h1")).hasText("Workers");
        assertThat(page.locator("#worker-list")).containsText("signed-serve");

        // a reload in the same tab stays signed in; the token is in sessionStorage only, and in no URL
        page.reload();
        assertThat(page.locator("#worker-list")).containsText("signed-serve");
        assertEquals(TOKEN, page.evaluate("() => sessionStorage.getItem('product-scanner.api-token')"));
        assertEquals(0, page.evaluate("() => localStorage.length"));
        assertFalse(page.url().contains(TOKEN), page.url());
        List<Request> calls = List.copyOf(apiCalls);
        assertFalse(calls.isEmpty());
        for (Request call : calls) {
            assertFalse(call.url().contains(TOKEN), call.url());
        }
        assertEquals(
                "Bearer " + TOKEN,
                calls.getLast().headerValue("authorization"),
                "the last call, made after signing in");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out"))
                .click();
        assertThat(page.locator("h1")).hasText("Sign in");
        assertEquals(null, page.evaluate("() => sessionStorage.getItem('product-scanner.api-token')"));
        page.context().close();
    }
}
