package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console in Firefox ESR (WebDriver BiDi, see {@link ConsoleFirefox}) against {@code serve} with a
 * musinsa site mirror: every page opens, a validation submitted from the form is followed to its end and its
 * mismatch row is highlighted, the timeline draws its bar, Tab reaches the nav, nothing runs off a phone's width,
 * and no page logs an error (a CSP refusal would, as the run's own control shows). {@link ConsoleTest} drives the
 * same pages further in Chromium.
 */
class ConsoleFirefoxTest {
    private static final String CHANGED = "https://www.musinsa.com/products/7400001";
    private static final String SAME = "https://www.musinsa.com/products/7400002";
    private static final String PRODUCTS = "[{\"url\": \"" + CHANGED + "\", \"expected\": {\"original_price\": 39000, "
            + "\"discounted_price\": 24000, \"sale_status\": \"on_sale\"}},\n {\"url\": \"" + SAME
            + "\", \"expected\": {\"original_price\": 30000, \"discounted_price\": 25000, \"sale_status\": \"on_sale\"}}]";

    @TempDir
    Path work;

    @Test
    void everyPageWorksInFirefoxAndASubmittedValidationShowsItsMismatch() throws Exception {
        assumeFalse(ConsoleFirefox.optedOut(), ConsoleFirefox.OPT_OUT + "=off: the Firefox run is left out");
        ConsoleFirefox firefox = ConsoleFirefox.locate();
        MusinsaMirror site = new MusinsaMirror()
                .product(7_400_001L, "파이어폭스 상품 화이트", 39_000, 29_000, "SALE", 0)
                .product(7_400_002L, "파이어폭스 같은 상품", 30_000, 25_000, "SALE", 0);
        try (MirroredServe serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of("MUSINSA_PACING_MS", "0", "SERVICE_NAME", "firefox-serve"))) {
            serving.server().awaitOutput("event=worker.started", Duration.ofSeconds(60));
            JsonNode report =
                    firefox.run("http://127.0.0.1:" + serving.port() + "/console/", "musinsa-validation-v2", PRODUCTS);

            assertEquals("", report.path("error").asText(""), report.toPrettyString());
            assertTrue(
                    report.path("browser").asText().startsWith("firefox/"),
                    report.path("browser").toString());
            assertEquals(List.of(), texts(report.path("problems")), "the pages logged errors");
            assertPages(report.path("pages"));

            JsonNode job = report.path("job");
            assertEquals("Submit job", job.path("asked").asText(), job.toString());
            assertEquals("completed", job.path("status").asText(), job.toString());
            assertEquals("done", job.path("nodes").path("compare").asText(), job.toString());
            assertEquals(2, job.path("rows").asInt(), job.toString());
            assertEquals(1, job.path("mismatchRows").size(), job.toString());
            JsonNode mismatch = job.path("mismatchRows").get(0);
            assertEquals("파이어폭스 상품 화이트", mismatch.path("product").asText(), mismatch.toString());
            assertEquals(CHANGED, mismatch.path("href").asText(), mismatch.toString());
            assertEquals(List.of("24,000 → 29,000"), texts(mismatch.path("mismatch")), mismatch.toString());
            assertNotEquals(
                    mismatch.path("otherBackground").asText(),
                    mismatch.path("background").asText(),
                    "the mismatch row is not highlighted: " + mismatch);
            assertTrue(job.path("summary").asText().contains("mismatch 1"), job.toString());

            JsonNode api = serving.api()
                    .get("/api/v2/jobs/" + job.path("id").asText())
                    .body()
                    .path("data");
            assertEquals("completed", api.path("status").asText(), api.toString());
            assertEquals(1, api.path("result").path("summary").path("mismatch").asInt(), api.toString());
            assertEquals(1, api.path("result").path("summary").path("match").asInt(), api.toString());

            JsonNode timeline = report.path("timeline");
            assertTrue(timeline.path("span").asText().contains("last 15 minutes"), timeline.toString());
            assertEquals(1, timeline.path("bars").size(), timeline.toString());
            JsonNode bar = timeline.path("bars").get(0);
            assertEquals("status-completed", bar.path("status").asText(), bar.toString());
            assertTrue(bar.path("width").asDouble() > 0 && bar.path("height").asDouble() > 0, bar.toString());

            JsonNode keyboard = report.path("keyboard");
            assertEquals(
                    List.of("Skip to content", "Product Scanner", "Overview"),
                    texts(keyboard.path("stops")),
                    keyboard.toString());
            assertTrue(keyboard.path("inNav").asBoolean(), keyboard.toString());
            assertEquals("solid", keyboard.path("outline").asText(), keyboard.toString());

            for (String page : List.of("job", "overview")) {
                JsonNode narrow = report.path("narrow").path(page);
                assertTrue(narrow.path("scrollWidth").asInt() <= 390, page + " at 390 px: " + narrow);
            }

            // the control: an inline script added to the page is refused by its CSP, and the run sees the refusal
            JsonNode control = report.path("cspControl");
            assertFalse(control.path("inlineRan").asBoolean(), control.toString());
            assertFalse(control.path("refused").isEmpty(), control.toString());
            assertTrue(
                    texts(control.path("logged")).stream()
                            .anyMatch(logged -> logged.contains("Content-Security-Policy")),
                    control.toString());
        }
    }

    private static void assertPages(JsonNode pages) {
        Map<String, String> headings = Map.of(
                "overview", "Overview",
                "jobs", "Jobs",
                "submit", "Submit a job",
                "dead", "Dead letters",
                "schedules", "Schedules",
                "workers", "Workers");
        headings.forEach((route, heading) -> {
            JsonNode page = pages.path(route);
            assertEquals(heading, page.path("heading").asText(), route + ": " + page);
            assertEquals(route, page.path("active").asText(), route + ": " + page);
        });
        assertEquals(8, pages.path("overview").path("shows").asInt(), pages.toString());
        assertTrue(pages.path("submit").path("shows").asInt() > 0, pages.toString());
        assertTrue(pages.path("workers").path("shows").asText().contains("firefox-serve"), pages.toString());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
