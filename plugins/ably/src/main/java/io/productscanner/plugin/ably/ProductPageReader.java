package io.productscanner.plugin.ably;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.PageFailures;
import io.productscanner.support.core.JsonValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides an ably product in the original service's order: a page that left the product (a redirect, also one a
 * script makes after load) is off sale for {@code /today} and not found for any other page; else the goods answer the
 * page fetched, when it names the goods ({@code xhr}); else the named goods of the {@code __NEXT_DATA__} queries
 * ({@code next_data}); else the og: meta ({@code og_meta}). A status the chosen source lacks comes from the first
 * goods with a {@code sale_type} in {@code __NEXT_DATA__}, else from the page's alerts and visible text. Nothing
 * naming the product, or no text to read a status from, is a retryable parse failure.
 */
final class ProductPageReader {
    static final String XHR = "xhr";
    static final String NEXT_DATA = "next_data";
    static final String OG_META = "og_meta";
    static final String REDIRECT = "redirect";
    static final String BODY_TEXT = "body_text";
    static final String DIALOG = "dialog";

    private static final System.Logger LOG = System.getLogger(ProductPageReader.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AblyConfig config;

    ProductPageReader(AblyConfig config) {
        this.config = config;
    }

    ProductSnapshot read(String productId, ProductPage page, Instant scannedAt) throws ScanException {
        String url = AblyPlugin.URLS.canonical(productId).toString();
        if (page.leftFor() != null) {
            String path = AblyConfig.pathOf(page.leftFor());
            SaleStatus status = config.offSalePath(path) ? SaleStatus.OFF_SALE : SaleStatus.NOT_FOUND;
            return ProductSnapshot.builder(AblyPlugin.ID, productId)
                    .url(url)
                    .saleStatus(status)
                    .rawStatus("redirect:" + path)
                    .strategy(REDIRECT)
                    .scannedAt(scannedAt)
                    .build();
        }
        AblyConfig.Fields fields = config.fields();
        List<JsonNode> pageGoods = nextDataGoods(page);
        JsonNode answered = answerGoods(productId, page);
        if (answered != null) {
            Long consumer = JsonValues.positivePrice(answered.at(fields.consumerPrice()));
            Long salePrice = firstOf(JsonValues.positivePrice(answered.at(fields.thumbnailPrice())), consumer);
            Status status = JsonValues.optionalText(answered.at(fields.saleType())) != null
                    ? fromSaleType(answered, XHR)
                    : pageStatus(page, pageGoods);
            return snapshot(productId, url, answered, consumer, salePrice, status, XHR, scannedAt);
        }
        JsonNode named = pageGoods.stream()
                .filter(goods -> JsonValues.optionalText(goods.at(fields.name())) != null)
                .findFirst()
                .orElse(null);
        if (named != null) {
            Long consumer = JsonValues.positivePrice(named.at(fields.consumerPrice()));
            Long salePrice = firstOf(JsonValues.positivePrice(named.at(fields.thumbnailPrice())), consumer);
            // the extractor keeps consumer as the original price only above the sale price
            Long originalPrice = consumer != null && salePrice != null && consumer > salePrice ? consumer : salePrice;
            return snapshot(
                    productId, url, named, originalPrice, salePrice, pageStatus(page, pageGoods), NEXT_DATA, scannedAt);
        }
        return fromMeta(productId, url, page, scannedAt);
    }

    private ProductSnapshot snapshot(
            String productId,
            String url,
            JsonNode goods,
            Long originalPrice,
            Long salePrice,
            Status status,
            String source,
            Instant scannedAt) {
        AblyConfig.Fields fields = config.fields();
        return ProductSnapshot.builder(AblyPlugin.ID, productId)
                .url(url)
                .productName(JsonValues.optionalText(goods.at(fields.name())))
                .brand(JsonValues.optionalText(goods.at(fields.brand())))
                .thumbnail(JsonValues.optionalText(goods.at(fields.images()).path(0)))
                .originalPrice(originalPrice)
                .discountedPrice(salePrice)
                .saleStatus(status.status())
                .rawStatus(status.raw())
                .strategy(strategy(source, status))
                .scannedAt(scannedAt)
                .build();
    }

    private ProductSnapshot fromMeta(String productId, String url, ProductPage page, Instant scannedAt)
            throws ScanException {
        String title = page.ogTitle() == null
                ? ""
                : config.titleSuffix().matcher(page.ogTitle()).replaceFirst("").strip();
        if (title.isEmpty()) {
            String answer = page.answer() == null
                    ? "no goods answer within " + config.apiWait().toMillis() + " ms"
                    : "a goods answer (HTTP " + page.answer().httpStatus() + ") without "
                            + config.fields().name();
            throw PageFailures.unreadable(page.url(), answer + ", no named goods in __NEXT_DATA__ and no og:title");
        }
        String image = page.ogImage() == null || page.ogImage().isBlank()
                ? null
                : page.ogImage().strip();
        Status status = textStatus(page);
        return ProductSnapshot.builder(AblyPlugin.ID, productId)
                .url(url)
                .productName(title)
                .thumbnail(image)
                .saleStatus(status.status())
                .rawStatus(status.raw())
                .strategy(strategy(OG_META, status))
                .scannedAt(scannedAt)
                .build();
    }

    /** The status the goods object's own {@code sale_type} gives. */
    private Status fromSaleType(JsonNode goods, String source) {
        String saleType = JsonValues.optionalText(goods.at(config.fields().saleType()));
        return new Status(config.status(saleType), saleType, source);
    }

    /** The first {@code sale_type} among the page's goods, else the page's alerts and text. */
    private Status pageStatus(ProductPage page, List<JsonNode> pageGoods) throws ScanException {
        for (JsonNode goods : pageGoods) {
            if (JsonValues.optionalText(goods.at(config.fields().saleType())) != null) {
                return fromSaleType(goods, NEXT_DATA);
            }
        }
        return textStatus(page);
    }

    /** An off-sale alert, else the visible text: off-sale text, else sold-out text, else on sale. */
    private Status textStatus(ProductPage page) throws ScanException {
        for (String dialog : page.dialogs()) {
            if (config.offSaleTexts().stream().anyMatch(dialog::contains)) {
                return new Status(SaleStatus.OFF_SALE, "dialog:off_sale", DIALOG);
            }
        }
        String body = page.bodyText() == null ? "" : page.bodyText();
        if (body.isBlank()) {
            // an empty page did not render: no status can be read from it (the original says off sale)
            throw PageFailures.unreadable(page.url(), "the page shows no text to read the sale status from");
        }
        if (config.offSaleTexts().stream().anyMatch(body::contains)) {
            return new Status(SaleStatus.OFF_SALE, "text:off_sale", BODY_TEXT);
        }
        if (config.soldOutTexts().stream().anyMatch(body::contains)) {
            return new Status(SaleStatus.SOLD_OUT, "text:sold_out", BODY_TEXT);
        }
        return new Status(SaleStatus.ON_SALE, "text:on_sale", BODY_TEXT);
    }

    /** The answer's goods when they have a name; an answer without one falls through, as in the original. */
    private JsonNode answerGoods(String productId, ProductPage page) {
        if (page.answer() == null || page.answer().body() == null) {
            return null;
        }
        JsonNode goods = parseOrMissing(page.answer().body()).at(config.fields().goods());
        if (goods.isObject() && JsonValues.optionalText(goods.at(config.fields().name())) != null) {
            return goods;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "event=ably.answer_unnamed platform=ably product_id=" + productId + " http_status="
                        + page.answer().httpStatus());
        return null;
    }

    /** Every goods object of {@code props.pageProps.dehydratedState.queries[*].state.data.goods}, in order. */
    private List<JsonNode> nextDataGoods(ProductPage page) {
        List<JsonNode> goods = new ArrayList<>();
        if (page.nextData() == null) {
            return goods;
        }
        for (JsonNode query : parseOrMissing(page.nextData()).at(config.fields().queries())) {
            JsonNode candidate = query.at(config.fields().queryGoods());
            if (candidate.isObject()) {
                goods.add(candidate);
            }
        }
        return goods;
    }

    private static String strategy(String source, Status status) {
        return status.source().equals(source) ? source : source + ";status=" + status.source();
    }

    private static JsonNode parseOrMissing(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root == null ? JSON.missingNode() : root;
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }

    private static Long firstOf(Long preferred, Long fallback) {
        return preferred != null ? preferred : fallback;
    }

    /** A status, the platform's raw value for it and which source gave it. */
    private record Status(SaleStatus status, String raw, String source) {}
}
