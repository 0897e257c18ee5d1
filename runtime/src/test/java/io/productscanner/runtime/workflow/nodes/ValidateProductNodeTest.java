package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.nodes.ValidateProductNode.Validation;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code validate_product}: which scanned data no catalog should take, and one verdict per scan in order. */
class ValidateProductNodeTest {
    private static final Instant SCANNED = Instant.parse("2025-11-27T08:00:00Z");

    private static ProductSnapshot snapshot(String name, Long original, Long sale, SaleStatus status) {
        return new ProductSnapshot("musinsa", "1234567", "https://www.musinsa.com/products/1234567", name, "Brand",
                "https://image.msscdn.net/1.jpg", original, sale, status, "SALE", "api", SCANNED);
    }

    private static void assertVerdict(List<String> errors, List<String> warnings, Validation verdict) {
        assertEquals(errors, verdict.errors(), "errors");
        assertEquals(warnings, verdict.warnings(), "warnings");
        assertEquals(errors.isEmpty(), verdict.valid(), "valid");
    }

    @Test
    void aCompleteProductOnSaleHasNothingWrong() {
        assertVerdict(List.of(), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", 59000L, 41300L, SaleStatus.ON_SALE)));
    }

    @Test
    void aMissingOrBlankNameIsAnError() {
        assertVerdict(List.of("product_name is missing"), List.of(),
                ValidateProductNode.validate(snapshot(null, 59000L, 41300L, SaleStatus.ON_SALE)));
        assertVerdict(List.of("product_name is missing"), List.of(),
                ValidateProductNode.validate(snapshot("  ", 59000L, 41300L, SaleStatus.SOLD_OUT)));
    }

    @Test
    void aProductOnSaleOrSoldOutNeedsBothPrices() {
        assertVerdict(List.of("original_price is missing", "discounted_price is missing"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", null, null, SaleStatus.ON_SALE)));
        assertVerdict(List.of("original_price is missing"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", null, 41300L, SaleStatus.SOLD_OUT)));
        assertVerdict(List.of("discounted_price is missing"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", 59000L, null, SaleStatus.SOLD_OUT)));
    }

    @Test
    void negativePricesAreErrorsNamingTheValue() {
        assertVerdict(List.of("original_price is negative (-1)"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", -1L, null, SaleStatus.OFF_SALE)));
        assertVerdict(List.of("discounted_price is negative (-500)"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", 59000L, -500L, SaleStatus.ON_SALE)));
    }

    @Test
    void aSalePriceAboveTheOriginalIsAnErrorButEqualPricesAreFine() {
        assertVerdict(List.of("discounted_price 61000 is above original_price 59000"), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", 59000L, 61000L, SaleStatus.ON_SALE)));
        assertVerdict(List.of(), List.of(),
                ValidateProductNode.validate(snapshot("셔츠", 59000L, 59000L, SaleStatus.ON_SALE)));
    }

    @Test
    void onSaleForZeroIsOnlyAWarningAndOnlyWhileOnSale() {
        Validation free = ValidateProductNode.validate(snapshot("사은품", 10000L, 0L, SaleStatus.ON_SALE));
        assertVerdict(List.of(), List.of("on sale with a price of 0"), free);
        assertTrue(free.valid(), "a warning does not keep the product out of the catalog");

        assertVerdict(List.of(), List.of(),
                ValidateProductNode.validate(snapshot("사은품", 10000L, 0L, SaleStatus.SOLD_OUT)));
    }

    @Test
    void aProductOffSaleNeedsNoPrices() {
        assertVerdict(List.of(), List.of(),
                ValidateProductNode.validate(snapshot("단종 상품", null, null, SaleStatus.OFF_SALE)));
    }

    @Test
    void aVanishedProductOrAFailedScanHasNothingToCheck() {
        ProductSnapshot gone = ProductSnapshot.notFound("musinsa", "1234567",
                "https://www.musinsa.com/products/1234567", "DELETED", "api", SCANNED);
        assertVerdict(List.of(), List.of(), ValidateProductNode.validate(gone));
        assertVerdict(List.of(), List.of(), ValidateProductNode.validate(null));
    }

    @Test
    void everyProblemOfOneSnapshotIsListed() {
        assertVerdict(List.of("product_name is missing", "original_price is missing",
                        "discounted_price is negative (-5)"), List.of(),
                ValidateProductNode.validate(snapshot("", null, -5L, SaleStatus.ON_SALE)));
    }

    private static ScanRecord scan(String url, ProductSnapshot snapshot) {
        ProductCheck check = new ProductCheck(url, null, Json.MAPPER.createObjectNode());
        return snapshot == null ? new ScanRecord(check, "musinsa", "3", null, "timeout", "timed out after 30s")
                : new ScanRecord(check, "musinsa", snapshot.productId(), snapshot, null, null);
    }

    @Test
    void runPutsOneVerdictPerScanInProductOrder() throws Exception {
        NodeRun run = new NodeRun("price-check", "musinsa");
        run.data.put(ScanProductNode.SCANS, new ScanProductNode.Scans(List.of(
                scan("https://www.musinsa.com/products/1", snapshot("셔츠", 59000L, 61000L, SaleStatus.ON_SALE)),
                scan("https://www.musinsa.com/products/2", snapshot("바지", 39000L, 29000L, SaleStatus.ON_SALE)),
                scan("https://www.musinsa.com/products/3", null),
                scan("https://www.musinsa.com/products/4", snapshot("양말", 5000L, 0L, SaleStatus.ON_SALE)))));

        NodeResult result = run.run(new ValidateProductNode());

        assertEquals(NodeResult.continueAll(), result);
        List<Validation> verdicts = run.data.find(ValidateProductNode.VALIDATIONS).orElseThrow().items();
        assertEquals(List.of(
                new Validation(List.of("discounted_price 61000 is above original_price 59000"), List.of()),
                new Validation(List.of(), List.of()),
                new Validation(List.of(), List.of()),
                new Validation(List.of(), List.of("on sale with a price of 0"))), verdicts);
        assertFalse(verdicts.getFirst().valid());
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void theVerdictsSurviveACheckpointAsJson() {
        ValidateProductNode.Validations verdicts = new ValidateProductNode.Validations(List.of(
                new Validation(List.of("product_name is missing"), List.of()),
                new Validation(List.of(), List.of("on sale with a price of 0"))));
        var key = ValidateProductNode.VALIDATIONS;
        assertEquals(verdicts, key.fromJson().apply(Json.read(Json.write(key.toJson().apply(verdicts)))));
    }

    @Test
    void runWithoutScansFailsNamingTheMissingData() {
        WorkflowException failure = assertThrows(WorkflowException.class,
                () -> new NodeRun("price-check", "musinsa").run(new ValidateProductNode()));
        assertTrue(failure.getMessage().contains("needs 'scans'"), failure.getMessage());
    }
}
