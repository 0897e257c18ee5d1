package io.productscanner.runtime.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.json.SnapshotJson;
import io.productscanner.spi.ProductSnapshot;
import java.util.List;

/**
 * The scan of one product: a snapshot, or why there is none.
 *
 * @param platform     the plugin that scanned it, or null when no plugin accepts the URL
 * @param productId    the platform's product id, or null when the URL could not be parsed
 * @param snapshot     the result, or null on failure
 * @param failureKind  the failure's kind ({@code blocked}, {@code timeout}, ...) or null
 * @param error        the failure's message, or null
 * @param evidence     what the site sent for a parse failure, as kept beside the job's results; empty otherwise
 */
public record ScanRecord(
        ProductCheck check,
        String platform,
        String productId,
        ProductSnapshot snapshot,
        String failureKind,
        String error,
        List<EvidenceFile> evidence) {
    public ScanRecord {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A scan without evidence. */
    public ScanRecord(
            ProductCheck check,
            String platform,
            String productId,
            ProductSnapshot snapshot,
            String failureKind,
            String error) {
        this(check, platform, productId, snapshot, failureKind, error, List.of());
    }

    /** This failed scan with the evidence kept of it. */
    public ScanRecord withEvidence(List<EvidenceFile> kept) {
        return new ScanRecord(check, platform, productId, snapshot, failureKind, error, kept);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.set("check", check.toJson());
        json.put("platform", platform);
        json.put("product_id", productId);
        json.set("snapshot", snapshot == null ? null : SnapshotJson.write(snapshot));
        json.put("failure_kind", failureKind);
        json.put("error", error);
        if (!evidence.isEmpty()) {
            json.set("evidence", Json.MAPPER.valueToTree(evidence));
        }
        return json;
    }

    public static ScanRecord fromJson(JsonNode json) {
        JsonNode snapshot = json.path("snapshot");
        return new ScanRecord(
                ProductCheck.fromJson(json.path("check")),
                Json.textOrNull(json, "platform"),
                Json.textOrNull(json, "product_id"),
                snapshot.isObject() ? SnapshotJson.read(snapshot) : null,
                Json.textOrNull(json, "failure_kind"),
                Json.textOrNull(json, "error"),
                evidence(json.path("evidence")));
    }

    private static List<EvidenceFile> evidence(JsonNode json) {
        if (!json.isArray()) {
            return List.of();
        }
        return Json.MAPPER.convertValue(
                json, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, EvidenceFile.class));
    }
}
