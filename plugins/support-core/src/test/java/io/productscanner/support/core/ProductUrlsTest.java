package io.productscanner.support.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductUrlsTest {
    private static final ProductUrls ON_DOMAIN = ProductUrls.onDomain("example.com")
            .productPath("/goods/(\\d+)/?")
            .canonical("https://www.example.com/goods/{id}")
            .describedAs("an example product URL", "an example product id")
            .acceptedForms("https://example.com/goods/{number}")
            .build();
    private static final ProductUrls ON_HOSTS = ProductUrls.onHosts("example.com", "m.example.com")
            .productPath("/goods/(\\d+)/?")
            .canonical("https://m.example.com/goods/{id}")
            .describedAs("an example product URL", "an example product id")
            .acceptedForms("https://m.example.com/goods/{number}")
            .build();
    private static final ProductUrls BY_QUERY = ProductUrls.onDomain("example.com")
            .queryParameter("goodsNo")
            .productIds("[A-Z0-9]+", "upper-case letters and digits")
            .canonical("https://m.example.com/goods?goodsNo={id}")
            .describedAs("an example product URL", "an example product id")
            .acceptedForms("https://m.example.com/goods?goodsNo={id}")
            .build();

    @Test
    void aDomainTakesItsSubdomainsButNotLookAlikes() {
        assertTrue(ON_DOMAIN.matches(URI.create("https://example.com/goods/1")));
        assertTrue(ON_DOMAIN.matches(URI.create("HTTP://WWW.Example.COM/goods/1")));
        assertFalse(ON_DOMAIN.matches(URI.create("https://notexample.com/goods/1")));
        assertFalse(ON_DOMAIN.matches(URI.create("https://example.com.evil.test/goods/1")));
    }

    @Test
    void onlyHttpUrlsWithAHostCount() {
        assertFalse(ON_DOMAIN.matches(URI.create("ftp://example.com/goods/1")));
        assertFalse(ON_DOMAIN.matches(URI.create("mailto:shop@example.com")));
        assertFalse(ON_DOMAIN.matches(URI.create("/goods/1")));
        assertFalse(ON_DOMAIN.matches(null));
        assertFalse(ON_HOSTS.matches(null));
    }

    @Test
    void hostsAreMatchedExactly() {
        assertTrue(ON_HOSTS.matches(URI.create("https://M.example.com/goods/1")));
        assertFalse(ON_HOSTS.matches(URI.create("https://shop.example.com/goods/1")));
    }

    @Test
    void theIdIsTheFirstGroupOfAWholePathMatch() {
        assertEquals(Optional.of("42"), ON_DOMAIN.productId(URI.create("https://example.com/goods/42/")));
        assertEquals(Optional.empty(), ON_DOMAIN.productId(URI.create("https://example.com/goods/42/x")));
        assertEquals(Optional.empty(), ON_DOMAIN.productId(URI.create("https://example.com/goods/abc")));
    }

    @Test
    void theIdIsTheFirstQueryParameterOfItsNameDecodedAndOfItsShape() {
        assertEquals(Optional.of("A0001"), BY_QUERY.productId(URI.create("https://example.com/?a=1&goodsNo=A0001")));
        assertEquals(Optional.of("A0001"), BY_QUERY.productId(URI.create("https://example.com/?goodsNo=A%30001")));
        // the first one decides, even when a later one would do
        assertEquals(Optional.empty(), BY_QUERY.productId(URI.create("https://example.com/?goodsNo=a1&goodsNo=A1")));
        assertEquals(Optional.empty(), BY_QUERY.productId(URI.create("https://example.com/?xgoodsNo=A1")));
        assertEquals(Optional.empty(), BY_QUERY.productId(URI.create("https://example.com/goods/A1")));
    }

    @Test
    void aProductIdMustBeANumberUnlessToldOtherwise() {
        assertEquals(URI.create("https://www.example.com/goods/0042"), ON_DOMAIN.canonical("0042"));
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> ON_DOMAIN.canonical("4a"));
        assertEquals("an example product id is a number, was '4a'", failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ON_DOMAIN.canonical(""));

        assertEquals(URI.create("https://m.example.com/goods?goodsNo=A0001"), BY_QUERY.canonical("A0001"));
        assertEquals(
                "an example product id is upper-case letters and digits, was 'a1'",
                assertThrows(IllegalArgumentException.class, () -> BY_QUERY.canonical("a1"))
                        .getMessage());
    }

    @Test
    void theInvalidUrlFailureNamesWhatWasExpected() {
        ScanException failure = assertThrows(
                ScanException.class, () -> ON_DOMAIN.requireProductId(URI.create("https://example.com/brands/1")));
        assertEquals(FailureKind.INVALID_URL, failure.kind());
        assertEquals(
                "not an example product URL: https://example.com/brands/1 (expected "
                        + "https://example.com/goods/{number})",
                failure.getMessage());
    }

    @Test
    void incompleteRulesAreRefusedWhenBuilt() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ProductUrls.onDomain("example.com").productPath("/p/\\d+"));
        assertThrows(
                IllegalArgumentException.class,
                () -> ProductUrls.onDomain("example.com").canonical("https://x/"));
        assertThrows(
                IllegalStateException.class,
                () -> ProductUrls.onDomain("example.com")
                        .canonical("https://example.com/{id}")
                        .describedAs("a URL", "an id")
                        .acceptedForms("...")
                        .build());
        assertThrows(
                IllegalStateException.class,
                () -> ProductUrls.onDomain("example.com").productPath("/(\\d+)").build());
    }
}
