package io.productscanner.support.core;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every platform's product-URL rules are built from: an http(s) URL on the platform's domain or hosts, a
 * product number in its path, and the failures that name what was expected. Each plugin's {@code *Urls} class keeps
 * its own patterns and wording.
 */
public final class ProductUrls {
    private ProductUrls() {
    }

    /** Whether {@code url} is an http(s) URL on {@code domain} or any of its subdomains; false for null. */
    public static boolean isWebUrlOnDomain(URI url, String domain) {
        if (!isWebUrl(url)) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /** Whether {@code url} is an http(s) URL on exactly one of {@code hosts} (lower case); false for null. */
    public static boolean isWebUrlOnHost(URI url, Set<String> hosts) {
        return isWebUrl(url) && hosts.contains(url.getHost().toLowerCase(Locale.ROOT));
    }

    /** Group 1 of {@code path} when it matches the whole raw path of {@code url}. */
    public static Optional<String> numberInPath(URI url, Pattern path) {
        if (url.getRawPath() == null) {
            return Optional.empty();
        }
        Matcher matcher = path.matcher(url.getRawPath());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Whether {@code value} is one or more ASCII digits. */
    public static boolean isNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Returns {@code productId} if it is a number, else throws naming it, e.g. {@code what} = "a musinsa product id".
     *
     * @throws IllegalArgumentException "{what} is a number, was '{productId}'"
     */
    public static String requireNumber(String productId, String what) {
        if (!isNumber(productId)) {
            throw new IllegalArgumentException(what + " is a number, was '" + productId + "'");
        }
        return productId;
    }

    /**
     * The {@link FailureKind#INVALID_URL} failure for a URL that is not a product page, e.g. {@code what} = "a
     * musinsa product URL": "not {what}: {url} (expected {acceptedForms})".
     */
    public static ScanException notAProductUrl(String what, URI url, String acceptedForms) {
        return new ScanException(FailureKind.INVALID_URL,
                "not " + what + ": " + url + " (expected " + acceptedForms + ")");
    }

    private static boolean isWebUrl(URI url) {
        return url != null && url.getHost() != null
                && ("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()));
    }
}
