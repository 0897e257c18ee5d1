package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.notify.WebhookNotifier;
import io.productscanner.runtime.notify.WebhookReceiver;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code notify_result} posting a job's summary to Slack and Discord webhooks on a loopback receiver. */
class NotifyResultNodeTest {
    private WebhookReceiver receiver;

    @AfterEach
    void stopReceiver() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    private WebhookNotifier bothWebhooksAnswering(int status) throws Exception {
        receiver = WebhookReceiver.answering(status);
        return new WebhookNotifier(
                Optional.of(receiver.url("/slack/T1/B1/x")), Optional.of(receiver.url("/discord/api/webhooks/1/t")));
    }

    private static ProductResult mismatch(int n) {
        return new ProductResult(
                "https://www.musinsa.com/products/" + n,
                "musinsa",
                String.valueOf(n),
                "ps-" + n,
                "success",
                false,
                Json.MAPPER.createObjectNode().put("discounted_price", 19900),
                new ProductResult.Fetched(
                        "셔츠", "Brand", null, 25000L, 17900L, "on_sale", "SALE", "api", "2025-11-27T08:00:00.000Z"),
                Map.of("discounted_price", false),
                null,
                null);
    }

    private static ProductResult match(int n) {
        return new ProductResult(
                "https://www.musinsa.com/products/" + n,
                "musinsa",
                String.valueOf(n),
                "ps-" + n,
                "success",
                true,
                Json.MAPPER.createObjectNode().put("discounted_price", 17900),
                new ProductResult.Fetched(
                        "셔츠", "Brand", null, 25000L, 17900L, "on_sale", "SALE", "api", "2025-11-27T08:00:00.000Z"),
                Map.of("discounted_price", true),
                null,
                null);
    }

    /** A finished comparison of {@code mismatches} mismatching products and one matching one. */
    private static TestNodeRun comparedJob(int mismatches) {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa");
        List<ProductResult> results = new ArrayList<>();
        results.add(match(0));
        for (int n = 1; n <= mismatches; n++) {
            results.add(mismatch(n));
        }
        run.data.put(ProductData.RESULTS, new ProductData.Results(results));
        run.data.put(
                WorkflowRunner.SUMMARY,
                Json.MAPPER
                        .createObjectNode()
                        .put("total", mismatches + 1)
                        .put("match", 1)
                        .put("mismatch", mismatches)
                        .put("failed", 0)
                        .put("not_found", 0));
        return run;
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void slackGetsTextAndDiscordGetsContentWithTheSameSummary() throws Exception {
        TestNodeRun run = comparedJob(1);

        NodeResult result = run.run(new NotifyResultNode(bothWebhooksAnswering(200), "https://scanner.example.com/"));

        assertEquals(NodeResult.continueAll(), result);
        List<WebhookReceiver.Request> requests = receiver.received();
        assertEquals(2, requests.size(), requests.toString());
        WebhookReceiver.Request slack = requests.get(0);
        WebhookReceiver.Request discord = requests.get(1);
        assertEquals("POST /slack/T1/B1/x", slack.method() + " " + slack.path());
        assertEquals("POST /discord/api/webhooks/1/t", discord.method() + " " + discord.path());
        assertEquals("application/json", slack.headers().get("content-type"));
        assertEquals("application/json", discord.headers().get("content-type"));
        assertEquals(List.of("text", "unfurl_links", "unfurl_media"), fieldNames(slack.json()));
        assertEquals(List.of("content", "allowed_mentions", "flags"), fieldNames(discord.json()));

        String text = slack.json().path("text").asText();
        assertEquals(
                text.replace("[", "\\[").replace("]", "\\]"),
                discord.json().path("content").asText(),
                "the same message, with Discord's link brackets escaped");
        assertEquals("""
                [musinsa] price-check — 2 products: 1 match, 1 mismatch, 0 failed, 0 not found (match rate 50.0%%)
                • ps-1 https://www.musinsa.com/products/1: discounted_price expected 19900 got 17900
                Results: https://scanner.example.com/api/v2/jobs/%s/results
                Job: %s""".formatted(run.jobId, run.jobId), text);
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void tenMismatchesAreListedUnlessTheConfigSaysOtherwise() throws Exception {
        TestNodeRun byDefault = comparedJob(12);
        byDefault.run(new NotifyResultNode(bothWebhooksAnswering(200), "https://scanner.example.com"));
        String text = receiver.received().getFirst().json().path("text").asText();
        assertEquals(10, text.lines().filter(line -> line.startsWith("• ")).count(), text);
        assertTrue(text.contains("• ps-10 ") && text.contains("\n… and 2 more\n"), text);
        receiver.close();

        TestNodeRun configured = comparedJob(12).config("{\"max_mismatches\": 3}");
        configured.run(new NotifyResultNode(bothWebhooksAnswering(200), "https://scanner.example.com"));
        text = receiver.received().getFirst().json().path("text").asText();
        assertEquals(3, text.lines().filter(line -> line.startsWith("• ")).count(), text);
        assertTrue(text.contains("\n… and 9 more\n"), text);
    }

    @Test
    void discordGetsAtMostItsLimitOf2000CharactersWhileSlackGetsTheWholeMessage() throws Exception {
        TestNodeRun run = comparedJob(60).config("{\"max_mismatches\": 60}");

        run.run(new NotifyResultNode(bothWebhooksAnswering(200), "https://scanner.example.com"));

        String slack = receiver.received().get(0).json().path("text").asText();
        String discord = receiver.received().get(1).json().path("content").asText();
        assertTrue(slack.length() > 2000, "the message must be longer than Discord takes: " + slack.length());
        assertTrue(slack.endsWith("Job: " + run.jobId), "Slack gets the whole message");
        assertTrue(discord.length() <= 2000, "Discord content has " + discord.length() + " characters");
        assertTrue(discord.endsWith("…"), discord);
        assertTrue(
                slack.startsWith(discord.substring(0, discord.length() - 1)
                        .replace("\\[", "[")
                        .replace("\\]", "]")),
                "Discord gets the message's start");
    }

    @Test
    void aWebhookAnswering500DoesNotFailTheNodeAndTheOtherWebhookIsStillTried() throws Exception {
        TestNodeRun run = comparedJob(1);

        NodeResult result = run.run(new NotifyResultNode(bothWebhooksAnswering(500), "https://scanner.example.com"));

        assertEquals(NodeResult.continueAll(), result);
        assertEquals(
                List.of("/slack/T1/B1/x", "/discord/api/webhooks/1/t"),
                receiver.received().stream().map(WebhookReceiver.Request::path).toList());
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void aWebhookNobodyListensOnDoesNotFailTheNode() throws Exception {
        WebhookNotifier nobodyListens = new WebhookNotifier(
                Optional.of(WebhookReceiver.closedPort("/slack")), Optional.of(WebhookReceiver.closedPort("/discord")));
        TestNodeRun run = comparedJob(1);

        NodeResult result = run.run(new NotifyResultNode(nobodyListens, "https://scanner.example.com"));

        assertEquals(NodeResult.continueAll(), result);
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void withoutWebhooksTheNodeDoesNothingNotEvenReadTheSummary() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa");

        NodeResult result = run.run(new NotifyResultNode(
                new WebhookNotifier(Optional.empty(), Optional.empty()), "https://scanner.example.com"));

        assertEquals(NodeResult.continueAll(), result);
        assertEquals(Optional.empty(), run.data.find(WorkflowRunner.SUMMARY));
    }

    @Test
    void withAWebhookButNoSummaryTheWorkflowIsMiswired() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa");
        NotifyResultNode node = new NotifyResultNode(bothWebhooksAnswering(200), "https://scanner.example.com");

        WorkflowException failure = assertThrows(WorkflowException.class, () -> run.run(node));

        assertTrue(failure.getMessage().contains("needs 'summary'"), failure.getMessage());
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void maxMismatchesMustBeANonNegativeInteger() {
        NotifyResultNode node = new NotifyResultNode(
                new WebhookNotifier(Optional.empty(), Optional.empty()), "https://scanner.example.com");
        assertEquals(List.of(), node.configProblems(Json.read("{}")));
        assertEquals(List.of(), node.configProblems(Json.read("{\"max_mismatches\": 0}")));
        List<String> problem = List.of("max_mismatches must be a non-negative integer");
        assertEquals(problem, node.configProblems(Json.read("{\"max_mismatches\": -1}")));
        assertEquals(problem, node.configProblems(Json.read("{\"max_mismatches\": \"5\"}")));
        assertEquals(problem, node.configProblems(Json.read("{\"max_mismatches\": 2.5}")));
    }
}
