package io.productscanner.plugin.hwahae;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.JsonValues;
import io.productscanner.support.http.HttpFailures;
import io.productscanner.support.http.JsonBodies;
import io.productscanner.support.http.TextResponse;
import java.time.Instant;

/**
 * Turns a commerce goods answer into a snapshot as the original service's HwahaeExtractor does: name, first title
 * image, consumer price (else the price), price and sale status; hwahae gives no brand here. A missing name or an
 * unknown sale status is a {@link io.productscanner.spi.FailureKind#PARSE} failure carrying the answer.
 */
final class GoodsReader {
    static final String STRATEGY = "api";

    private final HwahaeConfig config;

    GoodsReader(HwahaeConfig config) {
        this.config = config;
    }

    /** Reads a 2xx answer. */
    ProductSnapshot read(String productId, TextResponse response, Instant scannedAt) throws ScanException {
        JsonNode root = JsonBodies.parseObject(response);
        HwahaeConfig.Fields fields = config.fields();
        String saleStatus = JsonBodies.requiredText(response, root, fields.saleStatus());
        SaleStatus status = config.statusBySaleStatus().get(saleStatus);
        if (status == null) {
            throw HttpFailures.badBody(
                    response,
                    "unknown sale_status '" + saleStatus + "' (mapped: "
                            + config.statusBySaleStatus().keySet() + "; add it to HWAHAE_STATUS_MAP)",
                    null);
        }
        String name = JsonBodies.requiredText(response, root, fields.name());
        Long sale = JsonBodies.optionalPrice(response, root, fields.salePrice());
        Long original = JsonBodies.optionalPrice(response, root, fields.originalPrice());
        return ProductSnapshot.builder(HwahaePlugin.ID, productId)
                .url(HwahaePlugin.URLS.canonical(productId).toString())
                .productName(name)
                .thumbnail(JsonValues.optionalText(root.at(fields.thumbnail())))
                // the original: consumer_price when above 0, else the price
                .originalPrice(original != null ? original : sale)
                .discountedPrice(sale)
                .saleStatus(status)
                .rawStatus(saleStatus)
                .strategy(STRATEGY)
                .scannedAt(scannedAt)
                .build();
    }
}
