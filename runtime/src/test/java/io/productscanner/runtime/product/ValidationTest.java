package io.productscanner.runtime.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.testing.TestSnapshots;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which scanned data no catalog should take (what {@code validate_product} says of each scan). */
class ValidationTest {
    private static final Instant SCANNED = TestSnapshots.SCANNED;

    private static ProductSnapshot snapshot(String name, Long original, Long sale, SaleStatus status) {
        return TestSnapshots.musinsa(name, original, sale, status);
    }

    private static void assertVerdict(List<String> errors, List<String> warnings, Validation verdict) {
        assertEquals(errors, verdict.errors(), "errors");
        assertEquals(warnings, verdict.warnings(), "warnings");
        assertEquals(errors.isEmpty(), verdict.valid(), "valid");
    }

    @Test
    void aCompleteProductOnSaleHasNothingWrong() {
        assertVerdict(List.of(), List.of(), Validation.of(snapshot("셔츠", 59000L, 41300L, SaleStatus.ON_SALE)));
    }

    @Test
    void aMissingOrBlankNameIsAnError() {
        assertVerdict(
                List.of("product_name is missing"),
                List.of(),
                Validation.of(snapshot(null, 59000L, 41300L, SaleStatus.ON_SALE)));
        assertVerdict(
                List.of("product_name is missing"),
                List.of(),
                Validation.of(snapshot("  ", 59000L, 41300L, SaleStatus.SOLD_OUT)));
    }

    @Test
    void aProductOnSaleOrSoldOutNeedsBothPrices() {
        assertVerdict(
                List.of("original_price is missing", "discounted_price is missing"),
                List.of(),
                Validation.of(snapshot("셔츠", null, null, SaleStatus.ON_SALE)));
        assertVerdict(
                List.of("original_price is missing"),
                List.of(),
                Validation.of(snapshot("셔츠", null, 41300L, SaleStatus.SOLD_OUT)));
        assertVerdict(
                List.of("discounted_price is missing"),
                List.of(),
                Validation.of(snapshot("셔츠", 59000L, null, SaleStatus.SOLD_OUT)));
    }

    @Test
    void negativePricesAreErrorsNamingTheValue() {
        assertVerdict(
                List.of("original_price is negative (-1)"),
                List.of(),
                Validation.of(snapshot("셔츠", -1L, null, SaleStatus.OFF_SALE)));
        assertVerdict(
                List.of("discounted_price is negative (-500)"),
                List.of(),
                Validation.of(snapshot("셔츠", 59000L, -500L, SaleStatus.ON_SALE)));
    }

    @Test
    void aSalePriceAboveTheOriginalIsAnErrorButEqualPricesAreFine() {
        assertVerdict(
                List.of("discounted_price 61000 is above original_price 59000"),
                List.of(),
                Validation.of(snapshot("셔츠", 59000L, 61000L, SaleStatus.ON_SALE)));
        assertVerdict(List.of(), List.of(), Validation.of(snapshot("셔츠", 59000L, 59000L, SaleStatus.ON_SALE)));
    }

    @Test
    void onSaleForZeroIsOnlyAWarningAndOnlyWhileOnSale() {
        Validation free = Validation.of(snapshot("사은품", 10000L, 0L, SaleStatus.ON_SALE));
        assertVerdict(List.of(), List.of("on sale with a price of 0"), free);
        assertTrue(free.valid(), "a warning does not keep the product out of the catalog");

        assertVerdict(List.of(), List.of(), Validation.of(snapshot("사은품", 10000L, 0L, SaleStatus.SOLD_OUT)));
    }

    @Test
    void aProductOffSaleNeedsNoPrices() {
        assertVerdict(List.of(), List.of(), Validation.of(snapshot("단종 상품", null, null, SaleStatus.OFF_SALE)));
    }

    @Test
    void aVanishedProductOrAFailedScanHasNothingToCheck() {
        ProductSnapshot gone = ProductSnapshot.notFound(
                "musinsa", "1234567", "https://www.musinsa.com/products/1234567", "DELETED", "api", SCANNED);
        assertVerdict(List.of(), List.of(), Validation.of(gone));
        assertVerdict(List.of(), List.of(), Validation.of(null));
    }

    @Test
    void everyProblemOfOneSnapshotIsListed() {
        assertVerdict(
                List.of("product_name is missing", "original_price is missing", "discounted_price is negative (-5)"),
                List.of(),
                Validation.of(snapshot("", null, -5L, SaleStatus.ON_SALE)));
    }
}
