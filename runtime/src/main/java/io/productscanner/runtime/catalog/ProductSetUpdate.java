package io.productscanner.runtime.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.util.List;

/**
 * What {@link ProductSetUpdater#apply} did, or in a dry run would do.
 *
 * @param applied the changes written (dry run: the ones that would be written), grouped by product in the order
 *                products first appear in the input
 * @param skipped the changes left alone, each with the reason, in the same order
 */
public record ProductSetUpdate(boolean dryRun, List<ProductSetChange> applied, List<Skipped> skipped) {
    public ProductSetUpdate {
        applied = List.copyOf(applied);
        skipped = List.copyOf(skipped);
    }

    /** A change not written, and why (the row is gone, already holds the value, or changed since it was read). */
    public record Skipped(ProductSetChange change, String reason) {}

    /** {@code {"dry_run", "applied": [...], "skipped": [{..., "reason"}]}}, for results and notifications. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("dry_run", dryRun);
        ArrayNode appliedJson = json.putArray("applied");
        applied.forEach(change -> appliedJson.add(change.toJson()));
        ArrayNode skippedJson = json.putArray("skipped");
        skipped.forEach(s -> skippedJson.add(s.change().toJson().put("reason", s.reason())));
        return json;
    }
}
