package io.productscanner.plugin.musinsa;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Product URLs of musinsa: which ones are product pages, their product number, and the canonical form. */
final class MusinsaUrls {
    static final String ACCEPTED_FORMS = "https://www.musinsa.com/products/{number} or the older "
            + "https://www.musinsa.com/app/goods/{number}, on musinsa.com or any of its subdomains (www., m., store.)";

    // the product number may be followed by more path, e.g. the old /app/goods/{id}/0
    private static final Pattern PRODUCT_PATH = Pattern.compile("/(?:products|app/goods)/(\\d+)(?:/.*)?");
    private static final String DOMAIN = "musinsa.com";

    private MusinsaUrls() {
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
                "not a musinsa product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    static URI canonical(String productId) {
        if (productId.isEmpty() || !productId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a musinsa product id is a number, was '" + productId + "'");
        }
        return URI.create("https://www.musinsa.com/products/" + productId);
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
