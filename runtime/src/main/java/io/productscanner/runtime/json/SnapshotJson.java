package io.productscanner.runtime.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;

/** A {@link ProductSnapshot} as JSON, the way the CLI prints it and checkpoints store it. */
public final class SnapshotJson {
    private SnapshotJson() {}

    public static ObjectNode write(ProductSnapshot s) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("platform", s.platform());
        out.put("product_id", s.productId());
        out.put("url", s.url());
        out.put("product_name", s.productName());
        out.put("brand", s.brand());
        out.put("thumbnail", s.thumbnail());
        out.put("original_price", s.originalPrice());
        out.put("discounted_price", s.discountedPrice());
        out.put("sale_status", s.saleStatus().wireName());
        out.put("raw_status", s.rawStatus());
        out.put("strategy", s.strategy());
        out.put("scanned_at", Json.timestamp(s.scannedAt()));
        return out;
    }

    public static ProductSnapshot read(JsonNode json) {
        return ProductSnapshot.builder(
                        json.path("platform").asText(), json.path("product_id").asText())
                .url(Json.textOrNull(json, "url"))
                .productName(Json.textOrNull(json, "product_name"))
                .brand(Json.textOrNull(json, "brand"))
                .thumbnail(Json.textOrNull(json, "thumbnail"))
                .originalPrice(number(json, "original_price"))
                .discountedPrice(number(json, "discounted_price"))
                .saleStatus(SaleStatus.fromWireName(json.path("sale_status").asText()))
                .rawStatus(Json.textOrNull(json, "raw_status"))
                .strategy(json.path("strategy").asText())
                .scannedAt(Instant.parse(json.path("scanned_at").asText()))
                .build();
    }

    private static Long number(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asLong();
    }
}
