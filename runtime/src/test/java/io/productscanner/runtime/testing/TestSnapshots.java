package io.productscanner.runtime.testing;

import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;

/** Snapshots of one musinsa product as its API plugin reports it, differing only in what a test varies. */
public final class TestSnapshots {
    public static final Instant SCANNED = Instant.parse("2025-11-27T08:00:00Z");

    private TestSnapshots() {}

    public static ProductSnapshot musinsa(String name, Long original, Long sale, SaleStatus status) {
        return ProductSnapshot.builder("musinsa", "1234567")
                .url("https://www.musinsa.com/products/1234567")
                .productName(name)
                .brand("Brand")
                .thumbnail("https://image.msscdn.net/1.jpg")
                .originalPrice(original)
                .discountedPrice(sale)
                .saleStatus(status)
                .rawStatus("SALE")
                .strategy("api")
                .scannedAt(SCANNED)
                .build();
    }
}
