package io.productscanner.runtime.catalog;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.workflow.nodes.ProductResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@code update_product_set} writes back, decided without a database. */
class ChangeDetectorTest {
    private static final ProductValues CATALOG = new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L,
            "on_sale");

    private static ProductSetChange change(ProductField field, String before, String after) {
        return new ProductSetChange("ps-1", field, before, after);
    }

    @Test
    void onlyFieldsThatDifferAreChanged() {
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/b.jpg", 25000L, 17900L, "sold_out");
        assertEquals(List.of(change(ProductField.THUMBNAIL, "https://img/a.jpg", "https://img/b.jpg"),
                        change(ProductField.DISCOUNTED_PRICE, "19900", "17900"),
                        change(ProductField.SALE_STATUS, "on_sale", "sold_out")),
                ChangeDetector.changes("ps-1", CATALOG, scanned));
    }

    @Test
    void anIdenticalScanChangesNothing() {
        assertEquals(List.of(), ChangeDetector.changes("ps-1", CATALOG, CATALOG));
    }

    @Test
    void valuesAreComparedAfterTrimmingAndWrittenTrimmed() {
        ProductValues padded = new ProductValues(" 토너 200ml ", "https://img/a.jpg", 25000L, 19900L, "on_sale");
        assertEquals(List.of(), ChangeDetector.changes("ps-1", padded, CATALOG));
        ProductValues scanned = new ProductValues("  새 이름 ", null, null, null, null);
        assertEquals(List.of(change(ProductField.PRODUCT_NAME, " 토너 200ml ", "새 이름")),
                ChangeDetector.changes("ps-1", padded, scanned));
    }

    @Test
    void aScannedPriceOfZeroIsNeverWritten() {
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/a.jpg", 0L, 0L, "on_sale");
        assertEquals(List.of(), ChangeDetector.changes("ps-1", CATALOG, scanned));
        assertThrows(IllegalArgumentException.class,
                () -> change(ProductField.ORIGINAL_PRICE, "25000", "0"), "nor can such a change be made by hand");
    }

    @Test
    void fieldsTheScanDidNotReadAreLeftAlone() {
        ProductValues scanned = new ProductValues(null, " ", null, 21000L, null);
        assertEquals(List.of(change(ProductField.DISCOUNTED_PRICE, "19900", "21000")),
                ChangeDetector.changes("ps-1", CATALOG, scanned));
    }

    @Test
    void anEmptyCatalogFieldIsFilledIn() {
        ProductValues catalog = new ProductValues("토너 200ml", null, 25000L, null, "on_sale");
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L, "on_sale");
        assertEquals(List.of(change(ProductField.THUMBNAIL, null, "https://img/a.jpg"),
                        change(ProductField.DISCOUNTED_PRICE, null, "19900")),
                ChangeDetector.changes("ps-1", catalog, scanned));
    }

    @Test
    void aVanishedProductIsOnlySetOffSale() {
        ProductValues vanished = new ProductValues("other", null, 1L, 1L, "not_found");
        assertEquals(List.of(change(ProductField.SALE_STATUS, "on_sale", "off_sale")),
                ChangeDetector.changes("ps-1", CATALOG, vanished));
        ProductValues alreadyOff = new ProductValues("토너 200ml", null, 25000L, 19900L, "off_sale");
        assertEquals(List.of(), ChangeDetector.changes("ps-1", alreadyOff, vanished));
    }

    @Test
    void failedScansAndProductsOutsideTheCatalogChangeNothing() {
        ProductValues scanned = new ProductValues("new", null, null, null, null);
        assertEquals(List.of(), ChangeDetector.changes("ps-1", CATALOG, null));
        assertEquals(List.of(), ChangeDetector.changes(null, CATALOG, scanned));
        assertEquals(List.of(), ChangeDetector.changes(" ", CATALOG, scanned));
    }

    /** A results line as the API shows it; built from JSON so the test does not depend on the record's arity. */
    private static ProductResult result(String json) throws Exception {
        return Json.MAPPER.treeToValue(Json.read(json), ProductResult.class);
    }

    @Test
    void readsAJobsResultLines() throws Exception {
        String expected = Json.write(CATALOG.toJson());
        ProductResult success = result("""
                {"url": "https://u", "product_set_id": "ps-1", "status": "success", "match": false,
                 "expected": %s,
                 "fetched": {"product_name": "토너 200ml", "thumbnail": "https://img/a.jpg", "original_price": 25000,
                             "discounted_price": 18900, "sale_status": "on_sale"}}""".formatted(expected));
        assertEquals(List.of(change(ProductField.DISCOUNTED_PRICE, "19900", "18900")),
                ChangeDetector.changes(success));

        ProductResult failed = result("""
                {"url": "https://u", "product_set_id": "ps-1", "status": "failed", "expected": %s,
                 "error": "timeout"}""".formatted(expected));
        assertEquals(List.of(), ChangeDetector.changes(failed));

        ProductResult notFound = result("""
                {"url": "https://u", "product_set_id": "ps-1", "status": "not_found", "expected": %s,
                 "fetched": {"sale_status": "not_found", "raw_status": "404"}}""".formatted(expected));
        assertEquals(List.of(change(ProductField.SALE_STATUS, "on_sale", "off_sale")),
                ChangeDetector.changes(notFound));

        ProductResult inline = result("""
                {"url": "https://u", "status": "success", "expected": {},
                 "fetched": {"product_name": "new name"}}""");
        assertEquals(List.of(), ChangeDetector.changes(inline), "no product_set_id, nothing to write to");
    }

    @Test
    void changesBecomeJsonWithPricesAsNumbers() {
        assertEquals("{\"product_set_id\":\"ps-1\",\"field\":\"original_price\",\"before\":null,\"after\":12000}",
                Json.write(change(ProductField.ORIGINAL_PRICE, null, "012000").toJson()));
        assertEquals("{\"product_set_id\":\"ps-1\",\"field\":\"sale_status\",\"before\":\"on_sale\","
                + "\"after\":\"off_sale\"}",
                Json.write(change(ProductField.SALE_STATUS, "on_sale", "off_sale").toJson()));
    }
}
