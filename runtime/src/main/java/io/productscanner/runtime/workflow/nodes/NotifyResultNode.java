package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.notify.ResultMessage;
import io.productscanner.runtime.notify.WebhookNotifier;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.WorkflowRunner;
import java.util.List;

/**
 * {@code notify_result}: posts the job's summary (counts, match rate, the first {@code max_mismatches}
 * mismatches, a link to the results) to Slack and/or Discord when their webhooks are configured. A failing
 * webhook is logged; it does not fail the job.
 */
public final class NotifyResultNode implements NodeType {
    private static final System.Logger LOG = System.getLogger(NotifyResultNode.class.getName());

    private final WebhookNotifier notifier;
    private final String publicApiUrl;

    public NotifyResultNode(WebhookNotifier notifier, String publicApiUrl) {
        this.notifier = notifier;
        this.publicApiUrl =
                publicApiUrl.endsWith("/") ? publicApiUrl.substring(0, publicApiUrl.length() - 1) : publicApiUrl;
    }

    @Override
    public String name() {
        return "notify_result";
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        JsonNode max = config.path("max_mismatches");
        return max.isMissingNode() || Json.isIntegerIn(max, 0, Integer.MAX_VALUE)
                ? List.of()
                : List.of("max_mismatches must be a non-negative integer");
    }

    @Override
    public NodeResult run(NodeContext context) {
        String jobId = context.job().jobId();
        if (!notifier.configured()) {
            LogEvent.info(
                    LOG,
                    "notify.skipped",
                    "job_id",
                    jobId,
                    "platform",
                    context.job().platform(),
                    "reason",
                    "no SLACK_WEBHOOK_URL or DISCORD_WEBHOOK_URL");
            return NodeResult.continueAll();
        }
        JsonNode summary =
                context.data().require(WorkflowRunner.SUMMARY, context.node().id());
        List<ProductResult> results = context.data()
                .find(ProductData.RESULTS)
                .map(ProductData.Results::items)
                .orElse(List.of());
        String text = ResultMessage.of(
                context.job().workflowId(),
                context.job().platform(),
                jobId,
                summary,
                results,
                context.config().path("max_mismatches").asInt(10),
                publicApiUrl + "/api/v2/jobs/" + jobId + "/results");
        for (WebhookNotifier.Delivery delivery : notifier.send(text, jobId)) {
            LogEvent.info(
                    LOG,
                    "notify.sent",
                    "job_id",
                    jobId,
                    "platform",
                    context.job().platform(),
                    "channel",
                    delivery.channel(),
                    "delivered",
                    delivery.delivered(),
                    "detail",
                    delivery.detail());
        }
        context.progress().accept(1);
        return NodeResult.continueAll();
    }
}
