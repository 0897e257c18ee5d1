package io.productscanner.plugin.hwahae;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Product URLs of hwahae: which ones are goods pages, their goods number, and the canonical form. */
final class HwahaeUrls {
    static final String ACCEPTED_FORMS = "https://www.hwahae.co.kr/goods/{number} or /products/.../{number} "
            + "(the last numeric path segment is the number), on hwahae.co.kr or any of its subdomains";

    private static final String DOMAIN = "hwahae.co.kr";

    private HwahaeUrls() {
    }

    /** The last all-digit segment of a path starting with {@code /goods/} or {@code /products/}. */
    static Optional<String> productId(URI url) {
        if (url == null || url.getHost() == null || url.getRawPath() == null || !isWebScheme(url.getScheme())) {
            return Optional.empty();
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(DOMAIN) && !host.endsWith("." + DOMAIN)) {
            return Optional.empty();
        }
        String[] segments = url.getRawPath().split("/");
        // "/goods/21320" splits into "", "goods", "21320"
        if (segments.length < 3 || !segments[0].isEmpty()
                || !(segments[1].equals("goods") || segments[1].equals("products"))) {
            return Optional.empty();
        }
        for (int i = segments.length - 1; i >= 2; i--) {
            if (isNumber(segments[i])) {
                return Optional.of(segments[i]);
            }
        }
        return Optional.empty();
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL,
                "not a hwahae product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    static URI canonical(String productId) {
        if (!isNumber(productId)) {
            throw new IllegalArgumentException("a hwahae goods id is a number, was '" + productId + "'");
        }
        return URI.create("https://www.hwahae.co.kr/goods/" + productId);
    }

    private static boolean isNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
