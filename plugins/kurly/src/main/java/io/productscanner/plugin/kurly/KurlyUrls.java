package io.productscanner.plugin.kurly;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Product URLs of kurly: {@code /goods/{number}} on kurly.com or a subdomain, and the canonical form. */
final class KurlyUrls {
    static final String ACCEPTED_FORMS = "https://www.kurly.com/goods/{number} (kurly.com or any subdomain)";

    private static final Pattern PRODUCT_PATH = Pattern.compile("/goods/(\\d+)/?");
    private static final String DOMAIN = "kurly.com";

    private KurlyUrls() {
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
                "not a kurly product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    static URI canonical(String productId) {
        if (productId.isEmpty() || !productId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("a kurly product id is a number, was '" + productId + "'");
        }
        return URI.create("https://www.kurly.com/goods/" + productId);
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
