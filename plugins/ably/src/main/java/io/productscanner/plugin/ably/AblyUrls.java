package io.productscanner.plugin.ably;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Product URLs of ably: {@code /goods/{number}} on a-bly.com or m.a-bly.com; the canonical form is the mobile page. */
final class AblyUrls {
    static final String ACCEPTED_FORMS = "https://m.a-bly.com/goods/{number} or https://a-bly.com/goods/{number}";

    private static final Pattern PRODUCT_PATH = Pattern.compile("/goods/(\\d+)/?");
    private static final Set<String> HOSTS = Set.of("a-bly.com", "m.a-bly.com", "www.a-bly.com");

    private AblyUrls() {
    }

    static Optional<String> productId(URI url) {
        if (url == null || url.getHost() == null || url.getRawPath() == null || !isWebScheme(url.getScheme())) {
            return Optional.empty();
        }
        if (!HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Matcher matcher = PRODUCT_PATH.matcher(url.getRawPath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL,
                "not an ably product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    static URI canonical(String productId) {
        if (productId.isEmpty() || !productId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("an ably product id is a number, was '" + productId + "'");
        }
        return URI.create("https://m.a-bly.com/goods/" + productId);
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
