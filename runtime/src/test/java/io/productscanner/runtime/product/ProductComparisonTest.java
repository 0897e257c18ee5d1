package io.productscanner.runtime.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compare_product's comparison of what the catalog expects with what was scanned. */
class ProductComparisonTest {
    private static final SaleStatusVocabulary WORDS = SaleStatusVocabulary.defaults();
    private static final ProductComparison COMPARISON = new ProductComparison(WORDS);
    private static final String URL = "https://www.hwahae.co.kr/goods/21320";

    private static ProductCheck check() {
        return new ProductCheck(
                URL,
                "ps-1",
                Json.MAPPER.createObjectNode().put("discounted_price", 25600).put("sale_status", "on_sale"));
    }

    @Test
    void aFailedScanKeepsItsFailureKindAndComparesNothing() {
        ProductResult result = COMPARISON.compare(
                new ScanRecord(check(), "hwahae", "21320", null, "blocked", "blocked by the platform: HTTP 403"), null);

        assertEquals("failed", result.status());
        assertEquals("blocked", result.failureKind());
        assertNull(result.match());
        assertNull(result.fetched());
        assertEquals(Map.of(), result.comparison());
        JsonNode json = Json.MAPPER.valueToTree(result);
        assertEquals("blocked", json.path("failure_kind").asText());
        assertEquals("blocked by the platform: HTTP 403", json.path("error").asText());
    }

    @Test
    void aSnapshotIsComparedFieldByFieldAndHasNoFailureKind() {
        ProductSnapshot snapshot = new ProductSnapshot(
                "hwahae",
                "21320",
                URL,
                "토너",
                null,
                null,
                32000L,
                25600L,
                SaleStatus.SOLD_OUT,
                "SLDOT",
                "api",
                Instant.parse("2026-11-29T09:00:00Z"));

        ProductResult result =
                COMPARISON.compare(new ScanRecord(check(), "hwahae", "21320", snapshot, null, null), null);

        assertEquals("success", result.status());
        assertNull(result.failureKind());
        assertFalse(result.match());
        assertEquals(Map.of("discounted_price", true, "sale_status", false), result.comparison());
        assertTrue(Json.MAPPER.valueToTree(result).path("failure_kind").isNull());
    }

    @Test
    void aSoldOutProductWhoseRowSaysOffSaleMatchesAndShowsTheCatalogsWord() {
        ProductSnapshot snapshot = new ProductSnapshot(
                "hwahae",
                "21320",
                URL,
                "토너",
                null,
                null,
                32000L,
                25600L,
                SaleStatus.SOLD_OUT,
                "SLDOT",
                "api",
                Instant.parse("2026-11-29T09:00:00Z"));
        ProductCheck offSaleRow = new ProductCheck(
                URL,
                "ps-1",
                Json.MAPPER.createObjectNode().put("discounted_price", 25600).put("sale_status", "off_sale"));

        ProductResult result =
                COMPARISON.compare(new ScanRecord(offSaleRow, "hwahae", "21320", snapshot, null, null), null);

        assertTrue(result.match());
        assertEquals(Map.of("discounted_price", true, "sale_status", true), result.comparison());
        assertEquals("sold_out", result.fetched().saleStatus());
        assertEquals("off_sale", result.fetched().catalogSaleStatus());
        assertEquals("SLDOT", result.fetched().rawStatus());
    }

    @Test
    void anExpectedStatusInTheScannersOwnWordsMatchesToo() {
        ProductSnapshot snapshot = new ProductSnapshot(
                "hwahae",
                "21320",
                URL,
                "토너",
                null,
                null,
                32000L,
                25600L,
                SaleStatus.SOLD_OUT,
                "SLDOT",
                "api",
                Instant.parse("2026-11-29T09:00:00Z"));
        ProductCheck soldOut =
                new ProductCheck(URL, null, Json.MAPPER.createObjectNode().put("sale_status", "sold_out"));

        assertTrue(COMPARISON
                .compare(new ScanRecord(soldOut, "hwahae", "21320", snapshot, null, null), null)
                .match());
    }

    @Test
    void aParseFailureLinksItsEvidence() {
        EvidenceFile page =
                new EvidenceFile("page.html", "text/html", 120, false, URL, "/api/v2/jobs/j/evidence/000003-page.html");

        ProductResult result = COMPARISON.compare(
                new ScanRecord(check(), "hwahae", "21320", null, "parse", "no price", List.of(page)), null);

        JsonNode json = Json.MAPPER.valueToTree(result);
        assertEquals(
                "/api/v2/jobs/j/evidence/000003-page.html",
                json.path("evidence").path(0).path("url").asText());
        assertEquals("parse", json.path("failure_kind").asText());
    }
}
