package io.productscanner.plugin.ably;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Product URLs of ably: {@code /goods/{number}} on a-bly.com or m.a-bly.com; the canonical form is the mobile page. */
final class AblyUrls {
    static final String ACCEPTED_FORMS = "https://m.a-bly.com/goods/{number} or https://a-bly.com/goods/{number}";

    private static final Pattern PRODUCT_PATH = Pattern.compile("/goods/(\\d+)/?");
    private static final Set<String> HOSTS = Set.of("a-bly.com", "m.a-bly.com", "www.a-bly.com");

    private AblyUrls() {
    }

    static Optional<String> productId(URI url) {
        if (!ProductUrls.isWebUrlOnHost(url, HOSTS)) {
            return Optional.empty();
        }
        return ProductUrls.numberInPath(url, PRODUCT_PATH);
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("an ably product URL", url, ACCEPTED_FORMS));
    }

    static URI canonical(String productId) {
        return URI.create("https://m.a-bly.com/goods/"
                + ProductUrls.requireNumber(productId, "an ably product id"));
    }
}
