package io.productscanner.plugin.zigzag;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Product URLs of zigzag: which ones are product pages, their catalog product number, and the canonical form. */
final class ZigzagUrls {
    static final String ACCEPTED_FORMS = "https://zigzag.kr/catalog/products/{number}, on zigzag.kr or any of its "
            + "subdomains";

    private static final Pattern PRODUCT_PATH = Pattern.compile("/catalog/products/(\\d+)/?");
    private static final String DOMAIN = "zigzag.kr";

    private ZigzagUrls() {
    }

    static Optional<String> productId(URI url) {
        if (url == null || url.getHost() == null || url.getRawPath() == null || !isWebScheme(url.getScheme())) {
            return Optional.empty();
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(DOMAIN) && !host.endsWith("." + DOMAIN)) {
            return Optional.empty();
        }
        Matcher matcher = PRODUCT_PATH.matcher(url.getRawPath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL,
                "not a zigzag product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    static URI canonical(String productId) {
        if (productId.isEmpty() || !productId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a zigzag catalog product id is a number, was '" + productId + "'");
        }
        return URI.create("https://zigzag.kr/catalog/products/" + productId);
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
