package io.productscanner.plugin.musinsa;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
import java.util.Optional;
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
        if (!ProductUrls.isWebUrlOnDomain(url, DOMAIN)) {
            return Optional.empty();
        }
        return ProductUrls.numberInPath(url, PRODUCT_PATH);
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("a musinsa product URL", url, ACCEPTED_FORMS));
    }

    static URI canonical(String productId) {
        return URI.create("https://www.musinsa.com/products/"
                + ProductUrls.requireNumber(productId, "a musinsa product id"));
    }
}
