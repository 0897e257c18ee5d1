package io.productscanner.support.core;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductUrlsTest {
    @Test
    void aDomainTakesItsSubdomainsButNotLookAlikes() {
        assertTrue(ProductUrls.isWebUrlOnDomain(URI.create("https://example.com/a"), "example.com"));
        assertTrue(ProductUrls.isWebUrlOnDomain(URI.create("HTTP://WWW.Example.COM/a"), "example.com"));
        assertFalse(ProductUrls.isWebUrlOnDomain(URI.create("https://notexample.com/a"), "example.com"));
        assertFalse(ProductUrls.isWebUrlOnDomain(URI.create("https://example.com.evil.test/a"), "example.com"));
    }

    @Test
    void onlyHttpUrlsWithAHostCount() {
        assertFalse(ProductUrls.isWebUrlOnDomain(URI.create("ftp://example.com/a"), "example.com"));
        assertFalse(ProductUrls.isWebUrlOnDomain(URI.create("mailto:shop@example.com"), "example.com"));
        assertFalse(ProductUrls.isWebUrlOnDomain(URI.create("/goods/1"), "example.com"));
        assertFalse(ProductUrls.isWebUrlOnDomain(null, "example.com"));
        assertFalse(ProductUrls.isWebUrlOnHost(null, Set.of("example.com")));
    }

    @Test
    void hostsAreMatchedExactly() {
        Set<String> hosts = Set.of("example.com", "m.example.com");
        assertTrue(ProductUrls.isWebUrlOnHost(URI.create("https://M.example.com/goods/1"), hosts));
        assertFalse(ProductUrls.isWebUrlOnHost(URI.create("https://shop.example.com/goods/1"), hosts));
    }

    @Test
    void theNumberIsTheFirstGroupOfAWholePathMatch() {
        Pattern goods = Pattern.compile("/goods/(\\d+)/?");
        assertEquals(Optional.of("42"), ProductUrls.numberInPath(URI.create("https://example.com/goods/42/"), goods));
        assertEquals(Optional.empty(), ProductUrls.numberInPath(URI.create("https://example.com/goods/42/x"), goods));
        assertEquals(Optional.empty(), ProductUrls.numberInPath(URI.create("https://example.com/goods/abc"), goods));
    }

    @Test
    void aProductIdMustBeANumber() {
        assertEquals("0042", ProductUrls.requireNumber("0042", "an example product id"));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> ProductUrls.requireNumber("4a", "an example product id"));
        assertEquals("an example product id is a number, was '4a'", failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProductUrls.requireNumber("", "an example product id"));
    }

    @Test
    void theInvalidUrlFailureNamesWhatWasExpected() {
        ScanException failure = ProductUrls.notAProductUrl("an example product URL",
                URI.create("https://example.com/brands/1"), "https://example.com/goods/{number}");
        assertEquals(FailureKind.INVALID_URL, failure.kind());
        assertEquals("not an example product URL: https://example.com/brands/1 (expected "
                + "https://example.com/goods/{number})", failure.getMessage());
    }
}
