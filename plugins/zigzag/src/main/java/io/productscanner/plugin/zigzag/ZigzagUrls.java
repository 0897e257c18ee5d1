package io.productscanner.plugin.zigzag;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
import java.util.Optional;
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
        if (!ProductUrls.isWebUrlOnDomain(url, DOMAIN)) {
            return Optional.empty();
        }
        return ProductUrls.numberInPath(url, PRODUCT_PATH);
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("a zigzag product URL", url, ACCEPTED_FORMS));
    }

    static URI canonical(String productId) {
        return URI.create("https://zigzag.kr/catalog/products/"
                + ProductUrls.requireNumber(productId, "a zigzag catalog product id"));
    }
}
