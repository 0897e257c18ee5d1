package io.productscanner.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a platform shows for one product at one moment.
 *
 * @param platform        plugin id, e.g. {@code musinsa}
 * @param productId       the platform's product id
 * @param url             canonical product URL
 * @param productName     name as shown, null when the product is gone
 * @param brand           brand when the platform gives one, else null
 * @param thumbnail       absolute thumbnail URL, or null
 * @param originalPrice   list price in KRW, or null
 * @param discountedPrice price a buyer pays in KRW, or null
 * @param saleStatus      normalised status
 * @param rawStatus       the platform's own status code, so a catalog can map it its own way
 * @param strategy        which reading strategy produced this snapshot (e.g. {@code api})
 * @param scannedAt       when it was read
 */
public record ProductSnapshot(String platform, String productId, String url, String productName, String brand,
                              String thumbnail, Long originalPrice, Long discountedPrice, SaleStatus saleStatus,
                              String rawStatus, String strategy, Instant scannedAt) {
    public ProductSnapshot {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(saleStatus, "saleStatus");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    /** A snapshot for a product the platform no longer has. */
    public static ProductSnapshot notFound(String platform, String productId, String url, String rawStatus,
                                           String strategy, Instant scannedAt) {
        return new ProductSnapshot(platform, productId, url, null, null, null, null, null,
                SaleStatus.NOT_FOUND, rawStatus, strategy, scannedAt);
    }
}
