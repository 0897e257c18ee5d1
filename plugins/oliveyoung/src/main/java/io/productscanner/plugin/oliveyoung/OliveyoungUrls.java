package io.productscanner.plugin.oliveyoung;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
        if (url == null || url.getHost() == null || url.getRawQuery() == null || !isWebScheme(url.getScheme())) {
            return Optional.empty();
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(DOMAIN) && !host.endsWith("." + DOMAIN)) {
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
        return productId(url).orElseThrow(() -> new ScanException(FailureKind.INVALID_URL,
                "not an oliveyoung product URL: " + url + " (expected " + ACCEPTED_FORMS + ")"));
    }

    /** The mobile product page, whichever form the product was given in. */
    static URI canonical(String productId) {
        if (!PRODUCT_ID.matcher(productId).matches()) {
            throw new IllegalArgumentException("an oliveyoung product id is upper-case letters and digits, was '"
                    + productId + "'");
        }
        return URI.create("https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=" + productId);
    }

    private static boolean isWebScheme(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
    }
}
