package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code update_product_set} writes back, decided without a database. */
class ChangeDetectorTest {
    private static final ProductValues CATALOG =
            new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L, "on_sale");

    private static final SaleStatusVocabulary WORDS = SaleStatusVocabulary.defaults();

    private static ProductSetChange change(ProductField field, String before, String after) {
        return new ProductSetChange("ps-1", field, before, after);
    }

    /** A change made from a scan in status {@code scanned} (the scanner's word), as the detector records it. */
    private static ProductSetChange change(ProductField field, String before, String after, String scanned) {
        return new ProductSetChange("ps-1", field, before, after, scanned, null);
    }

    private static List<ProductSetChange> changes(String productSetId, ProductValues catalog, ProductValues scanned) {
        return ChangeDetector.changes(productSetId, catalog, scanned, null, WORDS);
    }

    @Test
    void onlyFieldsThatDifferAreChangedAndSoldOutIsWrittenInTheCatalogsWords() {
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/b.jpg", 25000L, 17900L, "sold_out");
        assertEquals(
                List.of(
                        change(ProductField.THUMBNAIL, "https://img/a.jpg", "https://img/b.jpg", "sold_out"),
                        change(ProductField.DISCOUNTED_PRICE, "19900", "17900", "sold_out"),
                        change(ProductField.SALE_STATUS, "on_sale", "off_sale", "sold_out")),
                changes("ps-1", CATALOG, scanned));
    }

    @Test
    void aSoldOutProductWhoseRowSaysOffSaleChangesNothing() {
        ProductValues offSale = new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L, "off_sale");
        ProductValues soldOut = new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L, "sold_out");

        assertEquals(List.of(), changes("ps-1", offSale, soldOut));
    }

    @Test
    void aCatalogThatKeepsSoldOutApartGetsSoldOut() {
        SaleStatusVocabulary keepsSoldOut = SaleStatusVocabulary.parse("sold_out:sold_out");
        ProductValues soldOut = new ProductValues(null, null, null, null, "sold_out");

        assertEquals(
                List.of(new ProductSetChange(
                        "ps-1", ProductField.SALE_STATUS, "on_sale", "sold_out", "sold_out", "SLDOT")),
                ChangeDetector.changes("ps-1", CATALOG, soldOut, "SLDOT", keepsSoldOut));
    }

    @Test
    void anIdenticalScanChangesNothing() {
        assertEquals(List.of(), changes("ps-1", CATALOG, CATALOG));
    }

    @Test
    void valuesAreComparedAfterTrimmingAndWrittenTrimmed() {
        ProductValues padded = new ProductValues(" 토너 200ml ", "https://img/a.jpg", 25000L, 19900L, "on_sale");
        assertEquals(List.of(), changes("ps-1", padded, CATALOG));
        ProductValues scanned = new ProductValues("  새 이름 ", null, null, null, null);
        assertEquals(
                List.of(change(ProductField.PRODUCT_NAME, " 토너 200ml ", "새 이름")), changes("ps-1", padded, scanned));
    }

    @Test
    void aScannedPriceOfZeroIsNeverWritten() {
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/a.jpg", 0L, 0L, "on_sale");
        assertEquals(List.of(), changes("ps-1", CATALOG, scanned));
        assertThrows(
                IllegalArgumentException.class,
                () -> change(ProductField.ORIGINAL_PRICE, "25000", "0"),
                "nor can such a change be made by hand");
    }

    @Test
    void fieldsTheScanDidNotReadAreLeftAlone() {
        ProductValues scanned = new ProductValues(null, " ", null, 21000L, null);
        assertEquals(
                List.of(change(ProductField.DISCOUNTED_PRICE, "19900", "21000")), changes("ps-1", CATALOG, scanned));
    }

    @Test
    void anEmptyCatalogFieldIsFilledIn() {
        ProductValues catalog = new ProductValues("토너 200ml", null, 25000L, null, "on_sale");
        ProductValues scanned = new ProductValues("토너 200ml", "https://img/a.jpg", 25000L, 19900L, "on_sale");
        assertEquals(
                List.of(
                        change(ProductField.THUMBNAIL, null, "https://img/a.jpg", "on_sale"),
                        change(ProductField.DISCOUNTED_PRICE, null, "19900", "on_sale")),
                changes("ps-1", catalog, scanned));
    }

    @Test
    void aVanishedProductIsOnlySetOffSale() {
        ProductValues vanished = new ProductValues("other", null, 1L, 1L, "not_found");
        assertEquals(
                List.of(change(ProductField.SALE_STATUS, "on_sale", "off_sale", "not_found")),
                changes("ps-1", CATALOG, vanished));
        ProductValues alreadyOff = new ProductValues("토너 200ml", null, 25000L, 19900L, "off_sale");
        assertEquals(List.of(), changes("ps-1", alreadyOff, vanished));
    }

    @Test
    void failedScansAndProductsOutsideTheCatalogChangeNothing() {
        ProductValues scanned = new ProductValues("new", null, null, null, null);
        assertEquals(List.of(), changes("ps-1", CATALOG, null));
        assertEquals(List.of(), changes(null, CATALOG, scanned));
        assertEquals(List.of(), changes(" ", CATALOG, scanned));
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
                             "discounted_price": 18900, "sale_status": "on_sale", "raw_status": "SELNG"}}""".formatted(expected));
        assertEquals(
                List.of(new ProductSetChange(
                        "ps-1", ProductField.DISCOUNTED_PRICE, "19900", "18900", "on_sale", "SELNG")),
                ChangeDetector.changes(success, WORDS));

        ProductResult failed = result("""
                {"url": "https://u", "product_set_id": "ps-1", "status": "failed", "expected": %s,
                 "error": "timeout"}""".formatted(expected));
        assertEquals(List.of(), ChangeDetector.changes(failed, WORDS));

        ProductResult notFound = result("""
                {"url": "https://u", "product_set_id": "ps-1", "status": "not_found", "expected": %s,
                 "fetched": {"sale_status": "not_found", "raw_status": "404"}}""".formatted(expected));
        assertEquals(
                List.of(new ProductSetChange(
                        "ps-1", ProductField.SALE_STATUS, "on_sale", "off_sale", "not_found", "404")),
                ChangeDetector.changes(notFound, WORDS));

        ProductResult inline = result("""
                {"url": "https://u", "status": "success", "expected": {},
                 "fetched": {"product_name": "new name"}}""");
        assertEquals(List.of(), ChangeDetector.changes(inline, WORDS), "no product_set_id, nothing to write to");
    }

    @Test
    void changesBecomeJsonWithPricesAsNumbers() {
        assertEquals(
                "{\"product_set_id\":\"ps-1\",\"field\":\"original_price\",\"before\":null,\"after\":12000}",
                Json.write(change(ProductField.ORIGINAL_PRICE, null, "012000").toJson()));
        assertEquals(
                "{\"product_set_id\":\"ps-1\",\"field\":\"sale_status\",\"before\":\"on_sale\","
                        + "\"after\":\"off_sale\"}",
                Json.write(
                        change(ProductField.SALE_STATUS, "on_sale", "off_sale").toJson()));
        assertEquals(
                "{\"product_set_id\":\"ps-1\",\"field\":\"sale_status\",\"before\":\"on_sale\","
                        + "\"after\":\"off_sale\",\"scanned_status\":\"sold_out\",\"raw_status\":\"SLDOT\"}",
                Json.write(new ProductSetChange(
                                "ps-1", ProductField.SALE_STATUS, "on_sale", "off_sale", "sold_out", "SLDOT")
                        .toJson()));
    }
}
