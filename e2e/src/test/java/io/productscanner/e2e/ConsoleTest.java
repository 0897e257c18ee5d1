package io.productscanner.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console in a real Chromium against {@code serve} with a musinsa site mirror, asserting on what the
 * page shows: a validation submitted from the form runs and finishes before the operator's eyes and its results
 * show the mismatch; a queued job is cancelled, a dead job requeued, a schedule paused and resumed, a queue paused
 * and resumed, each through the page's buttons and their confirmation. Takes the README's screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
    private static final String FAST = "https://www.musinsa.com/products/7300001";
    private static final String GONE = "https://www.musinsa.com/products/7300009";
    /** Scanned in 5 s: a run long enough for the page to show it running. */
    private static final String WATCHED = "https://www.musinsa.com/products/7300002";
    /** Three products of 4 s each: a job that holds the musinsa queue while another waits behind it. */
    private static final List<String> SLOW = LongStream.rangeClosed(7_300_003L, 7_300_005L)
            .mapToObj(id -> "https://www.musinsa.com/products/" + id)
            .toList();
    /** Six products of 4 s each: a run that outlasts a heartbeat (10 s), so the worker shows busy on its lane. */
    private static final List<String> SLOWER = LongStream.rangeClosed(7_300_003L, 7_300_008L)
            .mapToObj(id -> "https://www.musinsa.com/products/" + id)
            .toList();

    private static final LocatorAssertions.HasTextOptions LONG =
            new LocatorAssertions.HasTextOptions().setTimeout(60_000);

    @TempDir
    static Path work;

    private static MirroredServe serving;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void serve() throws Exception {
        MusinsaMirror site = new MusinsaMirror()
                .product(7_300_001L, "콘솔 빠른 상품", 30_000, 25_000, "SALE", 0)
                .product(7_300_002L, "콘솔 테스트 상품 화이트", 39_000, 29_000, "SALE", 5_000);
        for (long id = 7_300_003L; id <= 7_300_008L; id++) {
            site.product(id, "느린 상품 " + id, 10_000, 10_000, "SALE", 4_000);
        }
        site.deleted(7_300_009L);
        // one run: a job whose catalog cannot be read is dead-lettered at its first failure
        serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of("MUSINSA_PACING_MS", "0", "MAX_ATTEMPTS", "1", "SERVICE_NAME", "console-serve"));
        serving.server().awaitOutput("event=worker.started", Duration.ofSeconds(60));
        browser = ConsoleBrowser.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                assertEquals(List.of(), browser.problems(), "the pages logged errors");
                browser.close();
            }
        } finally {
            if (serving != null) {
                serving.close();
            }
        }
    }

    @Test
    @Order(1)
    void aValidationSubmittedFromTheFormRunsFinishesAndShowsItsMismatch() throws Exception {
        Page page = browser.open(serving.port(), "#/submit/musinsa-validation-v2");
        assertThat(page.locator("#workflow")).hasValue("musinsa-validation-v2");
        page.locator("#param-products")
                .fill("[{\"url\": \"" + WATCHED + "\", \"product_set_id\": \"ps-console\", \"expected\": "
                        + "{\"original_price\": 39000, \"discounted_price\": 24000, \"sale_status\": \"on_sale\"}},\n"
                        + " {\"url\": \"" + FAST
                        + "\", \"expected\": {\"original_price\": 30000, \"discounted_price\": "
                        + "25000, \"sale_status\": \"on_sale\"}},\n {\"url\": \"" + GONE + "\"}]");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit…"))
                .click();
        confirm(page, "Submit job");

        page.waitForURL(Pattern.compile(".*#/jobs/[0-9a-f-]{36}$"));
        String jobId = page.url().substring(page.url().lastIndexOf('/') + 1);
        Locator status = page.locator("#job-head .badge");
        assertThat(status).hasText("running", LONG);
        assertThat(page.locator("svg.dag g[data-node='scan']")).hasAttribute("data-status", "running");
        assertThat(status).hasText("completed", LONG);
        assertThat(page.locator("svg.dag g[data-node='compare']")).hasAttribute("data-status", "done");
        assertThat(page.locator("#job-details")).containsText("console-serve");

        assertThat(page.locator("#results tbody tr")).hasCount(3);
        Locator row = page.locator("#results tbody tr.row-mismatch");
        assertThat(row).hasCount(1);
        assertThat(row.locator("a.product")).hasText("콘솔 테스트 상품 화이트");
        assertThat(row.locator("a.product")).hasAttribute("href", WATCHED);
        assertThat(row.locator(".match-no")).hasText("mismatch");
        assertThat(row.locator("td.mismatch")).hasText("24,000 → 29,000");
        assertThat(row.locator("td.same")).hasCount(2);
        assertThat(page.locator("#results-summary")).containsText("mismatch 1");
        assertThat(page.locator("#results tbody tr", new Page.LocatorOptions().setHasText("콘솔 빠른 상품"))
                        .locator(".match-yes"))
                .hasText("match");
        assertThat(page.locator("#failure-kinds")).containsText("not_found × 1");
        assertEquals(
                "completed",
                serving.api()
                        .get("/api/v2/jobs/" + jobId)
                        .body()
                        .path("data")
                        .path("status")
                        .asText());
        ConsoleBrowser.screenshot(page, "console-job-results.png");
        page.context().close();
    }

    @Test
    @Order(2)
    void aQueuedJobIsCancelledFromTheJobsPageWhileTheOverviewShowsTheRunningOne() throws Exception {
        String slow = submit(SLOW);
        String queued = submit(List.of(FAST));
        Page page = browser.open(serving.port(), "");
        Locator lane = page.locator("article.lane[data-queue='musinsa']");
        assertThat(lane.locator(".running"))
                .containsText(tail(slow), new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(lane.locator(".waiting")).hasText(Pattern.compile("^1\\b.*"));
        assertThat(lane.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Force release")))
                .isVisible();

        page.navigate(consoleUrl("#/jobs?status=pending"));
        Locator cancel = page.getByLabel("Cancel job " + queued);
        cancel.click();
        confirm(page, "Cancel job");
        assertThat(page.locator("#toast")).containsText("cancelled");
        assertThat(page.locator("#jobs-list")).containsText("No job matches.");
        page.navigate(consoleUrl("#/jobs/" + queued));
        assertThat(page.locator("#job-head .badge")).hasText("cancelled");
        page.navigate(consoleUrl("#/jobs?status=cancelled&platform=musinsa"));
        assertThat(page.locator("#jobs-total")).hasText("1 job(s) match; showing 1");
        assertEquals(
                "cancelled",
                serving.api()
                        .get("/api/v2/jobs/" + queued)
                        .body()
                        .path("data")
                        .path("status")
                        .asText());
        page.context().close();
        serving.api().awaitFinished(slow, Duration.ofSeconds(60));
    }

    @Test
    @Order(3)
    void aDeadJobIsRequeuedFromTheDeadLetters() throws Exception {
        Path catalogs = Files.createDirectories(work.resolve("data/catalogs"));
        Files.writeString(catalogs.resolve("broken.jsonl"), "{\"product_set_id\": \"ps-1\", \n");
        JsonNode submitted = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"hwahae-validation-v2\", \"params\": {\"catalog_file\": \"broken.jsonl\"}}")
                .body();
        String dead = submitted.path("data").path("job_id").asText();
        assertEquals(
                "failed",
                serving.api()
                        .awaitFinished(dead, Duration.ofSeconds(60))
                        .path("status")
                        .asText());

        Page page = browser.open(serving.port(), "#/dead");
        assertThat(page.locator("#dead-total")).hasText("1 dead job(s)");
        assertThat(page.locator("#dead-list")).containsText("broken.jsonl");
        page.getByLabel("Requeue job " + dead).click();
        confirm(page, "Requeue job");
        assertThat(page.locator("#toast")).containsText(tail(dead) + " pending");
        assertThat(page.locator("#dead-total")).hasText("0 dead job(s)");
        page.context().close();
        // it fails again (its catalog is still broken) and goes back to the dead letters
        serving.api().awaitFinished(dead, Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void aScheduleIsPausedAndResumed() throws Exception {
        Api.Reply created = serving.api()
                .post(
                        "/api/v2/schedules",
                        "{\"id\": \"console-nightly\", \"workflow_id\": \"musinsa-validation-v2\", \"cron\": \"0 3 * * *\","
                                + " \"params\": {\"products\": [{\"url\": \"" + FAST + "\"}]}}");
        assertEquals(201, created.status(), created.raw());
        Page page = browser.open(serving.port(), "#/schedules");
        Locator row = page.locator("#schedule-list tr", new Page.LocatorOptions().setHasText("console-nightly"));
        assertThat(row).containsText("active");
        assertThat(row.locator("code")).hasText("0 3 * * *");

        page.getByLabel("Pause schedule console-nightly").click();
        confirm(page, "Pause schedule");
        assertThat(row.locator(".status-paused")).hasText("paused");
        assertTrue(schedule().path("paused").asBoolean());

        page.getByLabel("Resume schedule console-nightly").click();
        confirm(page, "Resume schedule");
        assertThat(row.locator(".status-active")).hasText("active");
        assertEquals(false, schedule().path("paused").asBoolean());
        page.context().close();
    }

    @Test
    @Order(5)
    void theOverviewShowsEveryQueueAndTheTimelineAndPausesAQueue() throws Exception {
        Page page = browser.open(serving.port(), "");
        assertThat(page.locator("article.lane")).hasCount(8);
        // keyboard first: a skip link, then the pages, each with a visible focus ring
        page.keyboard().press("Tab");
        assertThat(page.locator(":focus")).hasText("Skip to content");
        page.keyboard().press("Tab");
        page.keyboard().press("Tab");
        assertThat(page.locator(":focus")).hasText("Overview");
        assertEquals("solid", page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle"));
        Locator musinsa = page.locator("article.lane[data-queue='musinsa']");
        assertThat(musinsa.locator(".idle")).hasText("Idle: nothing runs.");
        assertThat(musinsa).containsText("console-serve");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("15 min"))
                .click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("15 min")))
                .hasAttribute("aria-pressed", "true");
        // the jobs above that ran: the watched one and the slow one on musinsa, the dead one on hwahae (its last
        // run); the cancelled one never started, so it has no bar
        assertThat(page.locator("#timeline svg")).hasAttribute("aria-label", Pattern.compile("last 15 minutes"));
        Locator bars = page.locator("#timeline rect.bar");
        assertThat(bars).hasCount(3);
        assertThat(page.locator("#timeline rect.bar.status-completed")).hasCount(2);
        assertThat(page.locator("#timeline rect.bar.status-failed")).hasCount(1);

        // a job running: its lane shows it at its node, with the worker busy there only, and the timeline its bar
        String slow = submit(SLOWER);
        assertThat(musinsa.locator(".running"))
                .containsText(tail(slow), new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(musinsa.locator(".running .node")).hasText("scan", LONG);
        // the worker's next heartbeat says so
        assertThat(musinsa.locator(".badge.status-busy"))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(15_000));
        assertThat(page.locator("article.lane[data-queue='hwahae'] .badge.status-busy"))
                .hasCount(0);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("15 min"))
                .click();
        assertThat(page.locator("#timeline rect.bar.status-running")).hasCount(1);
        ConsoleBrowser.screenshot(page, "console-overview.png");

        musinsa.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pause"))
                .click();
        confirm(page, "Pause musinsa");
        assertThat(musinsa.locator(".badge.status-paused")).hasText("paused");
        assertThat(page.locator("#queue-summary")).containsText("1 paused");
        musinsa.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resume"))
                .click();
        confirm(page, "Resume musinsa");
        assertThat(musinsa.locator(".badge.status-paused")).hasCount(0);
        assertThat(page.locator("#queue-summary")).containsText("0 paused");

        // at a phone's width the lanes stack and nothing runs off the side of the page
        page.setViewportSize(390, 844);
        Object pageWidth = page.evaluate("() => document.documentElement.scrollWidth");
        assertTrue(((Number) pageWidth).intValue() <= 390, "page width " + pageWidth);
        page.context().close();
        serving.api().awaitFinished(slow, Duration.ofSeconds(60));
    }

    /** A job id as the console shortens it: its random end (a UUIDv7 begins with its creation time). */
    private static String tail(String jobId) {
        return jobId.substring(jobId.length() - 8);
    }

    private static String consoleUrl(String hash) {
        return "http://127.0.0.1:" + serving.port() + "/console/" + hash;
    }

    /** The confirmation dialog asks with {@code title}; the operator confirms. */
    private static void confirm(Page page, String title) {
        Locator dialog = page.locator("dialog#confirm");
        assertThat(dialog).isVisible();
        assertThat(dialog.locator("h2")).hasText(title);
        dialog.locator("#confirm-yes").click();
        assertThat(dialog).isHidden();
    }

    private static String submit(List<String> urls) throws Exception {
        StringBuilder products = new StringBuilder();
        for (String url : urls) {
            products.append(products.isEmpty() ? "" : ", ")
                    .append("{\"url\": \"")
                    .append(url)
                    .append("\"}");
        }
        Api.Reply reply = serving.api()
                .post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": [" + products + "]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    private static JsonNode schedule() throws Exception {
        return serving.api().get("/api/v2/schedules/console-nightly").body().path("data");
    }
}
