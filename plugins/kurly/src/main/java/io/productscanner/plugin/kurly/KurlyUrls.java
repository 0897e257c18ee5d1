package io.productscanner.plugin.kurly;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/** Product URLs of kurly: {@code /goods/{number}} on kurly.com or a subdomain, and the canonical form. */
final class KurlyUrls {
    static final String ACCEPTED_FORMS = "https://www.kurly.com/goods/{number} (kurly.com or any subdomain)";

    private static final Pattern PRODUCT_PATH = Pattern.compile("/goods/(\\d+)/?");
    private static final String DOMAIN = "kurly.com";

    private KurlyUrls() {
    }

    static Optional<String> productId(URI url) {
        if (!ProductUrls.isWebUrlOnDomain(url, DOMAIN)) {
            return Optional.empty();
        }
        return ProductUrls.numberInPath(url, PRODUCT_PATH);
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("a kurly product URL", url, ACCEPTED_FORMS));
    }

    static URI canonical(String productId) {
        return URI.create("https://www.kurly.com/goods/"
                + ProductUrls.requireNumber(productId, "a kurly product id"));
    }
}
