package io.productscanner.runtime.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.logging.ControlCharacters;
import io.productscanner.runtime.product.ProductResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of a job's result notification: counts, match rate, the first mismatches, a link to the results. Values
 * from callers and sites (ids, urls, expected and scanned fields) have their line breaks and other control
 * characters turned into spaces, so each mismatch stays one line and no value can add a line of its own; the
 * channel's own markup is escaped where the message is sent ({@link WebhookNotifier}).
 */
public final class ResultMessage {
    private ResultMessage() {}

    public static String of(
            String workflowId,
            String platform,
            String jobId,
            JsonNode summary,
            List<ProductResult> results,
            int maxMismatches,
            String resultsUrl) {
        int total = summary.path("total").asInt();
        int match = summary.path("match").asInt();
        int compared = match + summary.path("mismatch").asInt();
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "[%s] %s — %d products: %d match, %d mismatch, %d failed, %d not found",
                platform,
                workflowId,
                total,
                match,
                summary.path("mismatch").asInt(),
                summary.path("failed").asInt(),
                summary.path("not_found").asInt()));
        if (compared > 0) {
            text.append(String.format(Locale.ROOT, " (match rate %.1f%%)", 100.0 * match / compared));
        }
        List<ProductResult> mismatches =
                results.stream().filter(r -> Boolean.FALSE.equals(r.match())).toList();
        for (ProductResult mismatch : mismatches.subList(0, Math.min(maxMismatches, mismatches.size()))) {
            text.append("\n• ")
                    .append(mismatch.productSetId() == null ? "" : inline(mismatch.productSetId()) + " ")
                    .append(inline(mismatch.url()))
                    .append(": ")
                    .append(differences(mismatch));
        }
        if (mismatches.size() > maxMismatches) {
            text.append("\n… and ").append(mismatches.size() - maxMismatches).append(" more");
        }
        text.append("\nResults: ").append(resultsUrl);
        text.append("\nJob: ").append(jobId);
        return text.toString();
    }

    private static String differences(ProductResult result) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Boolean> field : result.comparison().entrySet()) {
            if (!field.getValue()) {
                if (!out.isEmpty()) {
                    out.append(", ");
                }
                out.append(inline(field.getKey()))
                        .append(" expected ")
                        .append(inline(result.expected().path(field.getKey()).asText()))
                        .append(" got ")
                        .append(inline(fetched(result, field.getKey())));
            }
        }
        return out.toString();
    }

    /** {@code value} on one line: each control character (line breaks included) becomes a space. */
    private static String inline(String value) {
        if (value == null || !ControlCharacters.containsAny(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(ControlCharacters.isControl(c) ? ' ' : (char) c));
        return out.toString();
    }

    private static String fetched(ProductResult result, String field) {
        ProductResult.Fetched f = result.fetched();
        Object value = switch (field) {
            case "product_name" -> f.productName();
            case "thumbnail" -> f.thumbnail();
            case "original_price" -> f.originalPrice();
            case "discounted_price" -> f.discountedPrice();
            case "sale_status" -> f.saleStatus();
            default -> null;
        };
        return String.valueOf(value);
    }
}
