package io.productscanner.plugin.hwahae;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
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
        if (!ProductUrls.isWebUrlOnDomain(url, DOMAIN)) {
            return Optional.empty();
        }
        String[] segments = url.getRawPath().split("/");
        // "/goods/21320" splits into "", "goods", "21320"
        if (segments.length < 3 || !segments[0].isEmpty()
                || !(segments[1].equals("goods") || segments[1].equals("products"))) {
            return Optional.empty();
        }
        for (int i = segments.length - 1; i >= 2; i--) {
            if (ProductUrls.isNumber(segments[i])) {
                return Optional.of(segments[i]);
            }
        }
        return Optional.empty();
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("a hwahae product URL", url, ACCEPTED_FORMS));
    }

    static URI canonical(String productId) {
        return URI.create("https://www.hwahae.co.kr/goods/"
                + ProductUrls.requireNumber(productId, "a hwahae goods id"));
    }
}
