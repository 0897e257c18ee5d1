package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.ScanException;
import io.productscanner.support.core.ProductUrls;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Product URLs of oliveyoung: the {@code goodsNo} query parameter on oliveyoung.co.kr or a subdomain (the desktop
 * {@code www.} page and the mobile {@code m.} page alike); the canonical form is the mobile page.
 */
final class OliveyoungUrls {
    static final String ACCEPTED_FORMS = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo={id} or "
            + "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo={id}, {id} like A000000238213";

    private static final Pattern PRODUCT_ID = Pattern.compile("[A-Z0-9]+");
    private static final String DOMAIN = "oliveyoung.co.kr";

    private OliveyoungUrls() {
    }

    static Optional<String> productId(URI url) {
        if (!ProductUrls.isWebUrlOnDomain(url, DOMAIN) || url.getRawQuery() == null) {
            return Optional.empty();
        }
        for (String parameter : url.getRawQuery().split("&")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).equals("goodsNo")) {
                String value = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                return PRODUCT_ID.matcher(value).matches() ? Optional.of(value) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String requireProductId(URI url) throws ScanException {
        return productId(url).orElseThrow(
                () -> ProductUrls.notAProductUrl("an oliveyoung product URL", url, ACCEPTED_FORMS));
    }

    /** The mobile product page, whichever form the product was given in. */
    static URI canonical(String productId) {
        if (!PRODUCT_ID.matcher(productId).matches()) {
            throw new IllegalArgumentException("an oliveyoung product id is upper-case letters and digits, was '"
                    + productId + "'");
        }
        return URI.create("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=" + productId);
    }
}
