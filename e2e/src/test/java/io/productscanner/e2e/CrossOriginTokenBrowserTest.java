package io.productscanner.e2e;

import static io.productscanner.e2e.CrossOriginPages.FORM_URLENCODED;
import static io.productscanner.e2e.CrossOriginPages.TEXT_PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.productscanner.e2e.CrossOriginPages.Seen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code API_TOKEN} set, a page on another origin can neither read the API nor write to it through an
 * operator's browser, even a page that knows the token: the browser sends no {@code Authorization} header across
 * origins without the API's consent (a CORS preflight it never gets), and hands no answer to the page. The same
 * token from the API's own origin reads and writes.
 */
class CrossOriginTokenBrowserTest {
    private static final String TOKEN = "cross-origin-token-0123456789";
    private static final String WORKFLOW = "musinsa-validation-v2";
    private static final String SCHEDULE = "nightly-musinsa";
    private static final String CONTROL_SCHEDULE = "same-origin-control";
    private static final String EXECUTE_JSON = "{\"workflow_id\":\"" + WORKFLOW
            + "\",\"params\":{\"products\":[{\"url\":\"https://www.musinsa.com/products/3674341\"}]},"
            + "\"metadata\":{\"pad\":\"x\"}}";

    @RegisterExtension
    static final MirroredServe.ForClass serving =
            MirroredServe.forClass(Map.of("HOST", "127.0.0.1", "API_TOKEN", TOKEN, "SERVICE_NAME", "token-serve"));

    private static OtherOrigin otherSite;
    private static SystemChromium chromium;
    private static Api api;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void start() throws Exception {
        api = new Api(serving.port(), TOKEN);
        for (String id : List.of(SCHEDULE, CONTROL_SCHEDULE)) {
            Api.Reply created = api.post(
                    "/api/v2/schedules",
                    "{\"id\": \"" + id + "\", \"workflow_id\": \"" + WORKFLOW + "\", \"params\": {\"products\": "
                            + "[{\"url\": \"https://www.musinsa.com/products/3674341\"}]}, \"cron\": \"0 3 1 1 *\"}");
            assertEquals(201, created.status(), created.raw());
        }
        otherSite = new OtherOrigin();
        chromium = SystemChromium.launch();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable part : new AutoCloseable[] {chromium, otherSite}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeEach
    void openPage() {
        context = chromium.browser().newContext();
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private static List<String> otherOrigins() {
        return List.of("http://127.0.0.1:" + otherSite.port(), "http://localhost:" + otherSite.port());
    }

    @Test
    void formsAndNoCorsFetchesFromAnotherOriginCarryNoTokenAndChangeNothing() throws Exception {
        String pause = "http://127.0.0.1:" + serving.port() + "/api/v2/schedules/" + SCHEDULE + "/pause";
        String execute = "http://127.0.0.1:" + serving.port() + "/api/v2/workflows/execute";
        for (String other : otherOrigins()) {
            String emptyForm = otherSite.put(
                    other, "/pause", CrossOriginPages.selfSubmittingForm(pause, FORM_URLENCODED, Map.of()));
            assertEquals(
                    new Seen(401, "unauthorized"), CrossOriginPages.navigateAndAwaitAnswer(page, emptyForm, pause));
            String jsonForm = otherSite.put(
                    other,
                    "/execute",
                    CrossOriginPages.selfSubmittingForm(
                            execute, TEXT_PLAIN, CrossOriginPages.jsonAsTextPlainField(EXECUTE_JSON)));
            assertEquals(
                    new Seen(401, "unauthorized"), CrossOriginPages.navigateAndAwaitAnswer(page, jsonForm, execute));

            // a no-cors fetch may not add Authorization: the browser drops it, so even the right token never arrives
            page.navigate(otherSite.put(other, "/blank", "<!doctype html><title>blank</title>"));
            Seen noCors = CrossOriginPages.runAndAwaitAnswer(
                    page,
                    pause,
                    "POST",
                    () -> assertEquals(
                            "opaque status 0 body []",
                            CrossOriginPages.fetch(
                                    page, pause, "POST", "no-cors", Map.of("Authorization", "Bearer " + TOKEN), null)));
            assertEquals(401, noCors.status(), "no-cors fetch from " + other);
        }
        assertNothingChanged();
    }

    @Test
    void aPageOnAnotherOriginThatKnowsTheTokenCanNeitherReadNorWrite() throws Exception {
        for (String other : otherOrigins()) {
            page.navigate(otherSite.put(other, "/blank", "<!doctype html><title>blank</title>"));
            for (String target : List.of("http://127.0.0.1:" + serving.port(), "http://localhost:" + serving.port())) {
                String from = " from " + other + " to " + target;
                Map<String, String> withToken = Map.of("Authorization", "Bearer " + TOKEN);
                assertEquals(
                        "refused: TypeError",
                        CrossOriginPages.fetch(page, target + "/api/v2/schedules", "GET", "cors", withToken, null),
                        "read with the token" + from);
                assertEquals(
                        "refused: TypeError",
                        CrossOriginPages.fetch(page, target + "/api/v2/schedules", "GET", "cors", Map.of(), null),
                        "read without it" + from);
                assertEquals(
                        "refused: TypeError",
                        CrossOriginPages.fetch(
                                page,
                                target + "/api/v2/schedules/" + SCHEDULE + "/pause",
                                "POST",
                                "cors",
                                withToken,
                                null),
                        "pause with the token" + from);
                Map<String, String> jsonWithToken =
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
                assertEquals(
                        "refused: TypeError",
                        CrossOriginPages.fetch(
                                page,
                                target + "/api/v2/workflows/execute",
                                "POST",
                                "cors",
                                jsonWithToken,
                                EXECUTE_JSON),
                        "submit with the token" + from);
            }
        }
        assertNothingChanged();
    }

    @Test
    void theTokenFromTheApisOwnOriginReadsAndWrites() throws Exception {
        String own = "http://127.0.0.1:" + serving.port();
        page.navigate(own + "/observe/health");
        Map<String, String> withToken = Map.of("Authorization", "Bearer " + TOKEN);
        String read = CrossOriginPages.fetch(page, own + "/api/v2/schedules", "GET", "cors", withToken, null);
        assertTrue(read.startsWith("status 200 ") && read.contains(CONTROL_SCHEDULE), read);
        String paused = CrossOriginPages.fetch(
                page, own + "/api/v2/schedules/" + CONTROL_SCHEDULE + "/pause", "POST", "cors", withToken, null);
        assertTrue(paused.startsWith("status 200 "), paused);
        assertTrue(api.get("/api/v2/schedules/" + CONTROL_SCHEDULE)
                .body()
                .path("data")
                .path("paused")
                .asBoolean());
        assertNothingChanged();
    }

    /** The attacked schedule is not paused and no job was submitted. */
    private static void assertNothingChanged() throws Exception {
        JsonNode schedule = api.get("/api/v2/schedules/" + SCHEDULE).body().path("data");
        assertEquals(false, schedule.path("paused").asBoolean(), schedule.toString());
        JsonNode jobs = api.get("/api/v2/jobs").body().path("data");
        assertEquals(0, jobs.path("count").asInt(), "no job was submitted: " + jobs);
    }
}
