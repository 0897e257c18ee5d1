package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Reading a filter from a node's config, and applying it outside the database. */
class CatalogFilterTest {
    private static JsonNode json(String text) {
        return Json.read(text);
    }

    private static CatalogRow row(String linkUrl, String saleStatus, String productId, Boolean autoCrawled) {
        return new CatalogRow("ps-1", productId, null, linkUrl, null, saleStatus, null, null, autoCrawled, null);
    }

    private static boolean likeMatches(String pattern, String text) {
        return new CatalogFilter(pattern, null, null, null, false).asPredicate().test(row(text, null, null, null));
    }

    @Test
    void readsEveryKeyAndIgnoresOthers() {
        CatalogFilter filter = CatalogFilter.fromJson(json("""
                {"source": "postgres", "link_url_pattern": "%oliveyoung%", "sale_status": "on_sale",
                 "product_id": 12345, "limit": 50, "exclude_auto_crawled": true}"""));
        assertEquals(new CatalogFilter("%oliveyoung%", "on_sale", "12345", 50, true), filter);
    }

    @Test
    void absentNullAndBlankValuesDoNotFilter() {
        CatalogFilter all = CatalogFilter.all();
        assertEquals(all, CatalogFilter.fromJson(json("{}")));
        assertEquals(all, CatalogFilter.fromJson(json("""
                {"link_url_pattern": "", "sale_status": null, "product_id": " ", "limit": null}""")));
        assertEquals(all, CatalogFilter.fromJson(null));
        assertEquals(all, CatalogFilter.fromJson(json("{}").path("missing")));
    }

    @Test
    void everyWrongTypeIsReportedNamingItsKey() {
        List<String> problems = CatalogFilter.problems(json("""
                {"link_url_pattern": 3, "sale_status": ["on_sale"], "product_id": 1.5, "limit": 0,
                 "exclude_auto_crawled": "yes"}"""));
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("link_url_pattern must be a string"), problems.get(0));
        assertEquals("sale_status must be a string", problems.get(1));
        assertEquals("product_id must be a string or an integer", problems.get(2));
        assertTrue(problems.get(3).startsWith("limit must be a positive integer"), problems.get(3));
        assertEquals("exclude_auto_crawled must be true or false, got \"yes\"", problems.get(4));

        assertTrue(CatalogFilter.problems(json("{\"limit\": -3}")).getFirst().startsWith("limit must be"));
        assertTrue(
                CatalogFilter.problems(json("{\"limit\": \"10\"}")).getFirst().startsWith("limit must be"));
        assertTrue(CatalogFilter.problems(json("{\"limit\": 3000000000}"))
                .getFirst()
                .startsWith("limit must be"));
        assertEquals(
                List.of("link_url_pattern must not end with the escape character \\"),
                CatalogFilter.problems(json("{\"link_url_pattern\": \"%abc\\\\\"}")));
        assertEquals(List.of("the catalog filter must be an object, got array"), CatalogFilter.problems(json("[]")));
    }

    @Test
    void fromJsonRefusesWhatProblemsReports() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CatalogFilter.fromJson(json("{\"limit\": 0, \"sale_status\": 1}")));
        assertTrue(
                e.getMessage().contains("limit must be a positive integer")
                        && e.getMessage().contains("sale_status must be a string"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CatalogFilter(null, null, null, 0, false));
    }

    @Test
    void likePatternsFollowPostgresIlike() {
        assertTrue(likeMatches("%oliveyoung%", "https://www.OliveYoung.co.kr/x"));
        assertTrue(likeMatches("a_c", "abc"));
        assertFalse(likeMatches("a_c", "abbc"), "_ is exactly one character");
        assertTrue(likeMatches("a_c", "a가c"), "_ is one character, not one byte");
        assertTrue(likeMatches("a\\_c", "a_c"));
        assertFalse(likeMatches("a\\_c", "abc"), "an escaped _ is literal");
        assertTrue(likeMatches("100\\%", "100%"));
        assertFalse(likeMatches("100\\%", "1000"));
        assertTrue(likeMatches("a\\\\b", "a\\b"), "an escaped backslash is one backslash");
        assertTrue(likeMatches("(.*)[x]+", "(.*)[X]+"), "regex characters are literal");
        assertFalse(likeMatches("abc", "xabcx"), "the whole text must match");
        assertTrue(likeMatches("%", ""));
        assertTrue(likeMatches("a%z", "a\nz"), "% spans line breaks");
    }

    @Test
    void rowsWithNullFilteredColumnsDoNotMatchExceptAutoCrawled() {
        Predicate<CatalogRow> pattern = new CatalogFilter("%", null, null, null, false).asPredicate();
        assertFalse(pattern.test(row(null, "on_sale", "1", false)));
        Predicate<CatalogRow> status = new CatalogFilter(null, "on_sale", null, null, false).asPredicate();
        assertFalse(status.test(row("u", null, "1", false)));
        assertFalse(status.test(row("u", "ON_SALE", "1", false)), "sale_status is compared exactly");
        Predicate<CatalogRow> product = new CatalogFilter(null, null, "1", null, false).asPredicate();
        assertFalse(product.test(row("u", "on_sale", null, false)));
        assertTrue(product.test(row("u", "on_sale", "1", false)));
        Predicate<CatalogRow> manual = new CatalogFilter(null, null, null, null, true).asPredicate();
        assertTrue(manual.test(row("u", "on_sale", "1", null)));
        assertTrue(manual.test(row("u", "on_sale", "1", false)));
        assertFalse(manual.test(row("u", "on_sale", "1", true)));
        assertTrue(
                new CatalogFilter(null, null, null, null, false).asPredicate().test(row("u", null, null, true)));
    }
}
