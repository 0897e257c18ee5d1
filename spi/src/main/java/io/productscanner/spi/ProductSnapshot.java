package io.productscanner.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a platform shows for one product at one moment. Plugins build one with {@link #builder(String, String)} (or
 * {@link #notFound} for a product the platform no longer has) rather than the twelve positional arguments.
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
public record ProductSnapshot(
        String platform,
        String productId,
        String url,
        String productName,
        String brand,
        String thumbnail,
        Long originalPrice,
        Long discountedPrice,
        SaleStatus saleStatus,
        String rawStatus,
        String strategy,
        Instant scannedAt) {
    public ProductSnapshot {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(saleStatus, "saleStatus");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    /**
     * A builder for a snapshot of {@code productId} on {@code platform}; {@link Builder#build()} requires the sale
     * status, the strategy and the time of the scan besides, everything else may stay unset (null).
     */
    public static Builder builder(String platform, String productId) {
        return new Builder(platform, productId);
    }

    /** A snapshot for a product the platform no longer has. */
    public static ProductSnapshot notFound(
            String platform, String productId, String url, String rawStatus, String strategy, Instant scannedAt) {
        return builder(platform, productId)
                .url(url)
                .saleStatus(SaleStatus.NOT_FOUND)
                .rawStatus(rawStatus)
                .strategy(strategy)
                .scannedAt(scannedAt)
                .build();
    }

    /** A builder holding this snapshot's fields, to make a changed copy. */
    public Builder toBuilder() {
        return builder(platform, productId)
                .url(url)
                .productName(productName)
                .brand(brand)
                .thumbnail(thumbnail)
                .originalPrice(originalPrice)
                .discountedPrice(discountedPrice)
                .saleStatus(saleStatus)
                .rawStatus(rawStatus)
                .strategy(strategy)
                .scannedAt(scannedAt);
    }

    /** Collects a snapshot's fields by name; see the record's components for what each one means. */
    public static final class Builder {
        private final String platform;
        private final String productId;
        private String url;
        private String productName;
        private String brand;
        private String thumbnail;
        private Long originalPrice;
        private Long discountedPrice;
        private SaleStatus saleStatus;
        private String rawStatus;
        private String strategy;
        private Instant scannedAt;

        private Builder(String platform, String productId) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.productId = Objects.requireNonNull(productId, "productId");
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder productName(String productName) {
            this.productName = productName;
            return this;
        }

        public Builder brand(String brand) {
            this.brand = brand;
            return this;
        }

        public Builder thumbnail(String thumbnail) {
            this.thumbnail = thumbnail;
            return this;
        }

        public Builder originalPrice(Long originalPrice) {
            this.originalPrice = originalPrice;
            return this;
        }

        public Builder discountedPrice(Long discountedPrice) {
            this.discountedPrice = discountedPrice;
            return this;
        }

        public Builder saleStatus(SaleStatus saleStatus) {
            this.saleStatus = saleStatus;
            return this;
        }

        public Builder rawStatus(String rawStatus) {
            this.rawStatus = rawStatus;
            return this;
        }

        public Builder strategy(String strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder scannedAt(Instant scannedAt) {
            this.scannedAt = scannedAt;
            return this;
        }

        /** @throws NullPointerException naming the field when the sale status, strategy or scan time is unset */
        public ProductSnapshot build() {
            return new ProductSnapshot(
                    platform,
                    productId,
                    url,
                    productName,
                    brand,
                    thumbnail,
                    originalPrice,
                    discountedPrice,
                    saleStatus,
                    rawStatus,
                    strategy,
                    scannedAt);
        }
    }
}
