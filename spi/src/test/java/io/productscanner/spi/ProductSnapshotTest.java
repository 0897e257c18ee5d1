package io.productscanner.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProductSnapshotTest {
    private static final Instant SCANNED_AT = Instant.parse("2025-05-01T09:00:00Z");

    @Test
    void theBuilderSetsEachFieldByName() {
        ProductSnapshot snapshot = ProductSnapshot.builder("shop", "42")
                .url("https://shop.example/p/42")
                .productName("Toner")
                .brand("Round Lab")
                .thumbnail("https://img.shop.example/42.jpg")
                .originalPrice(32000L)
                .discountedPrice(25600L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("SALE")
                .strategy("api")
                .scannedAt(SCANNED_AT)
                .build();

        assertEquals(
                new ProductSnapshot(
                        "shop",
                        "42",
                        "https://shop.example/p/42",
                        "Toner",
                        "Round Lab",
                        "https://img.shop.example/42.jpg",
                        32000L,
                        25600L,
                        SaleStatus.ON_SALE,
                        "SALE",
                        "api",
                        SCANNED_AT),
                snapshot);
    }

    @Test
    void whatIsNotSetIsNull() {
        ProductSnapshot snapshot = ProductSnapshot.builder("shop", "42")
                .saleStatus(SaleStatus.OFF_SALE)
                .strategy("page")
                .scannedAt(SCANNED_AT)
                .build();

        assertNull(snapshot.url());
        assertNull(snapshot.productName());
        assertNull(snapshot.originalPrice());
        assertNull(snapshot.rawStatus());
    }

    @Test
    void aSnapshotWithoutStatusStrategyOrTimeIsRefusedNamingTheField() {
        ProductSnapshot.Builder builder =
                ProductSnapshot.builder("shop", "42").strategy("api").scannedAt(SCANNED_AT);

        assertEquals(
                "saleStatus",
                assertThrows(NullPointerException.class, builder::build).getMessage());
        builder.saleStatus(SaleStatus.ON_SALE).strategy(null);
        assertEquals(
                "strategy",
                assertThrows(NullPointerException.class, builder::build).getMessage());
        builder.strategy("api").scannedAt(null);
        assertEquals(
                "scannedAt",
                assertThrows(NullPointerException.class, builder::build).getMessage());
        assertThrows(NullPointerException.class, () -> ProductSnapshot.builder(null, "42"));
    }

    @Test
    void toBuilderMakesAChangedCopy() {
        ProductSnapshot original = ProductSnapshot.builder("shop", "42")
                .url("https://shop.example/p/42")
                .productName("Toner")
                .originalPrice(32000L)
                .discountedPrice(25600L)
                .saleStatus(SaleStatus.ON_SALE)
                .rawStatus("SALE")
                .strategy("api")
                .scannedAt(SCANNED_AT)
                .build();

        ProductSnapshot changed = original.toBuilder()
                .saleStatus(SaleStatus.SOLD_OUT)
                .strategy("api;page")
                .build();

        assertEquals(
                new ProductSnapshot(
                        "shop",
                        "42",
                        "https://shop.example/p/42",
                        "Toner",
                        null,
                        null,
                        32000L,
                        25600L,
                        SaleStatus.SOLD_OUT,
                        "SALE",
                        "api;page",
                        SCANNED_AT),
                changed);
        assertEquals(original, original.toBuilder().build());
    }

    @Test
    void aProductThePlatformNoLongerHasIsNotFoundWithoutNameOrPrices() {
        assertEquals(
                new ProductSnapshot(
                        "shop",
                        "42",
                        "https://shop.example/p/42",
                        null,
                        null,
                        null,
                        null,
                        null,
                        SaleStatus.NOT_FOUND,
                        "DELETED",
                        "api",
                        SCANNED_AT),
                ProductSnapshot.notFound("shop", "42", "https://shop.example/p/42", "DELETED", "api", SCANNED_AT));
    }
}
