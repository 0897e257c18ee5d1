package io.productscanner.runtime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of a job's result notification. */
class ResultMessageTest {
    private static final String RESULTS_URL = "https://scanner.example.com/api/v2/jobs/job-7/results";

    private static JsonNode summary(int total, int match, int mismatch, int failed, int notFound) {
        return Json.MAPPER
                .createObjectNode()
                .put("total", total)
                .put("match", match)
                .put("mismatch", mismatch)
                .put("failed", failed)
                .put("not_found", notFound);
    }

    private static ProductResult.Fetched fetched(String name, Long original, Long sale, String status) {
        return new ProductResult.Fetched(
                name, "Brand", null, original, sale, status, "SALE", "api", "2025-11-27T08:00:00.000Z");
    }

    /** A compared product: {@code expected} against {@code got}, match when every expected field is equal. */
    private static ProductResult compared(String setId, String url, ObjectNode expected, ProductResult.Fetched got) {
        Map<String, Boolean> comparison = new LinkedHashMap<>();
        expected.properties()
                .forEach(e -> comparison.put(
                        e.getKey(),
                        e.getValue()
                                .asText()
                                .equals(String.valueOf(
                                        switch (e.getKey()) {
                                            case "product_name" -> got.productName();
                                            case "original_price" -> got.originalPrice();
                                            case "discounted_price" -> got.discountedPrice();
                                            case "sale_status" -> got.saleStatus();
                                            default -> throw new IllegalArgumentException(e.getKey());
                                        }))));
        boolean match = comparison.values().stream().allMatch(Boolean::booleanValue);
        return new ProductResult(
                url,
                "musinsa",
                url.substring(url.lastIndexOf('/') + 1),
                setId,
                "success",
                match,
                expected,
                got,
                comparison,
                null,
                null);
    }

    private static ProductResult failed(String url) {
        return new ProductResult(
                url,
                "musinsa",
                null,
                "ps-09",
                "failed",
                null,
                Json.MAPPER.createObjectNode().put("original_price", 1000),
                null,
                Map.of(),
                "timed out",
                null);
    }

    /** A mismatch of discounted_price only: expected 1000, got 900. */
    private static ProductResult priceMismatch(int n) {
        return compared(
                "ps-" + n,
                "https://www.musinsa.com/products/" + n,
                Json.MAPPER.createObjectNode().put("discounted_price", 1000),
                fetched("상품", 1000L, 900L, "on_sale"));
    }

    @Test
    void theMessageHasTheCountsTheMatchRateEachMismatchWithExpectedAndScannedValuesAndTheLinks() {
        List<ProductResult> results = List.of(
                compared(
                        "ps-01",
                        "https://www.musinsa.com/products/1",
                        Json.MAPPER
                                .createObjectNode()
                                .put("original_price", 59000)
                                .put("discounted_price", 41300)
                                .put("sale_status", "on_sale"),
                        fetched("셔츠", 59000L, 39000L, "sold_out")),
                compared(
                        "ps-02",
                        "https://www.musinsa.com/products/2",
                        Json.MAPPER.createObjectNode().put("product_name", "바지"),
                        fetched("바지", 1L, 1L, "on_sale")),
                compared(
                        null,
                        "https://www.musinsa.com/products/3",
                        Json.MAPPER.createObjectNode().put("product_name", "양말"),
                        fetched("양말 3팩", 1L, 1L, "on_sale")),
                failed("https://www.musinsa.com/products/4"));

        String text =
                ResultMessage.of("price-check", "musinsa", "job-7", summary(4, 1, 2, 1, 0), results, 10, RESULTS_URL);

        assertEquals("""
                [musinsa] price-check — 4 products: 1 match, 2 mismatch, 1 failed, 0 not found (match rate 33.3%)
                • ps-01 https://www.musinsa.com/products/1: discounted_price expected 41300 got 39000, \
                sale_status expected on_sale got sold_out
                • https://www.musinsa.com/products/3: product_name expected 양말 got 양말 3팩
                Results: https://scanner.example.com/api/v2/jobs/job-7/results
                Job: job-7""", text);
    }

    @Test
    void onlyTheFirstMismatchesAreListedAndTheRestCounted() {
        List<ProductResult> results = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            results.add(priceMismatch(n));
        }

        String text =
                ResultMessage.of("price-check", "musinsa", "job-7", summary(5, 0, 5, 0, 0), results, 2, RESULTS_URL);

        assertEquals("""
                [musinsa] price-check — 5 products: 0 match, 5 mismatch, 0 failed, 0 not found (match rate 0.0%)
                • ps-1 https://www.musinsa.com/products/1: discounted_price expected 1000 got 900
                • ps-2 https://www.musinsa.com/products/2: discounted_price expected 1000 got 900
                … and 3 more
                Results: https://scanner.example.com/api/v2/jobs/job-7/results
                Job: job-7""", text);
    }

    @Test
    void exactlyTheLimitOfMismatchesNeedsNoRemainder() {
        String text = ResultMessage.of(
                "price-check",
                "musinsa",
                "job-7",
                summary(2, 0, 2, 0, 0),
                List.of(priceMismatch(1), priceMismatch(2)),
                2,
                RESULTS_URL);
        assertTrue(text.contains("• ps-2 "), text);
        assertFalse(text.contains("more"), text);
    }

    @Test
    void aLimitOfZeroListsNoMismatchButCountsThem() {
        String text = ResultMessage.of(
                "price-check",
                "musinsa",
                "job-7",
                summary(2, 0, 2, 0, 0),
                List.of(priceMismatch(1), priceMismatch(2)),
                0,
                RESULTS_URL);
        assertFalse(text.contains("•"), text);
        assertTrue(text.contains("\n… and 2 more\n"), text);
    }

    @Test
    void withoutComparedProductsThereIsNoMatchRate() {
        String text = ResultMessage.of(
                "price-check",
                "musinsa",
                "job-7",
                summary(2, 0, 0, 1, 1),
                List.of(failed("https://www.musinsa.com/products/4")),
                10,
                RESULTS_URL);
        assertEquals("""
                [musinsa] price-check — 2 products: 0 match, 0 mismatch, 1 failed, 1 not found
                Results: https://scanner.example.com/api/v2/jobs/job-7/results
                Job: job-7""", text);
    }

    @Test
    void aValueWithLineBreaksOrControlCharactersStaysOnItsMismatchLine() {
        ProductResult forged = compared(
                "ps-1\r\nResults: https://evil.example/a",
                "https://www.musinsa.com/products/1",
                Json.MAPPER.createObjectNode().put("product_name", "셔츠\u2028Job: forged"),
                fetched("셔츠\n\n• ps-2 https://evil.example: \u001b[31mall good\u0085", 1L, 1L, "on_sale"));

        String text = ResultMessage.of(
                "price-check", "musinsa", "job-7", summary(1, 0, 1, 0, 0), List.of(forged), 10, RESULTS_URL);

        assertEquals("""
                [musinsa] price-check — 1 products: 0 match, 1 mismatch, 0 failed, 0 not found (match rate 0.0%)
                • ps-1  Results: https://evil.example/a https://www.musinsa.com/products/1: product_name expected \
                셔츠 Job: forged got 셔츠  • ps-2 https://evil.example:  [31mall good\s
                Results: https://scanner.example.com/api/v2/jobs/job-7/results
                Job: job-7""", text);
    }

    @Test
    void theMatchRateHasADecimalPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            String text = ResultMessage.of(
                    "price-check",
                    "musinsa",
                    "job-7",
                    summary(3, 2, 1, 0, 0),
                    List.of(priceMismatch(1)),
                    10,
                    RESULTS_URL);
            assertTrue(text.contains("(match rate 66.7%)"), text);
        } finally {
            Locale.setDefault(before);
        }
    }
}
