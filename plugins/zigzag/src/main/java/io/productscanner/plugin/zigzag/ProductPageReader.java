package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.core.JsonValues;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads from a product page's {@code __NEXT_DATA__} ({@code props.pageProps.product}) what the page shows: its
 * {@code sales_status} (ON_SALE / SOLD_OUT / SUSPENDED) and {@code is_purchasable}, which drives the buy button.
 */
final class ProductPageReader {
    static final String NOT_PURCHASABLE = "NOT_PURCHASABLE";
    static final String PURCHASABLE = "PURCHASABLE";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_DATA =
            Pattern.compile("<script[^>]*\\bid=[\"']__NEXT_DATA__[\"'][^>]*>(.*?)</script>", Pattern.DOTALL);

    private final ZigzagConfig.Page page;

    ProductPageReader(ZigzagConfig.Page page) {
        this.page = page;
    }

    /**
     * What the page says.
     *
     * @param status        the sale status it shows
     * @param rawStatus     its {@code sales_status}, or {@link #NOT_PURCHASABLE} / {@link #PURCHASABLE} when
     *                      {@code is_purchasable} decided
     * @param displayStatus its {@code display_status} (VISIBLE / HIDDEN), or null; for the log only
     */
    record Verdict(SaleStatus status, String rawStatus, String displayStatus) {}

    /** Why the page could not be read; the cross-check is then skipped. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason);
        }
    }

    /**
     * The page's {@code sales_status} decides, except that a product shown on sale whose buy button is disabled
     * ({@code is_purchasable: false}) cannot be bought: off sale. Without a known {@code sales_status},
     * {@code is_purchasable} alone decides (on sale or off sale).
     */
    Verdict read(String html) throws Unreadable {
        Matcher matcher = NEXT_DATA.matcher(html);
        if (!matcher.find()) {
            throw new Unreadable("no __NEXT_DATA__ script in the page");
        }
        JsonNode data;
        try {
            data = JSON.readTree(matcher.group(1));
        } catch (JacksonException e) {
            throw new Unreadable("__NEXT_DATA__ is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode purchasableNode = data.at(page.purchasable());
        Boolean purchasable = purchasableNode.isBoolean() ? purchasableNode.booleanValue() : null;
        String salesStatus = JsonValues.optionalText(data.at(page.salesStatus()));
        String displayStatus = JsonValues.optionalText(data.at(page.displayStatus()));
        SaleStatus shown =
                salesStatus == null ? null : page.statusBySalesStatus().get(salesStatus);
        if (shown != null) {
            if (shown == SaleStatus.ON_SALE && Boolean.FALSE.equals(purchasable)) {
                return new Verdict(SaleStatus.OFF_SALE, NOT_PURCHASABLE, displayStatus);
            }
            return new Verdict(shown, salesStatus, displayStatus);
        }
        if (purchasable == null) {
            throw new Unreadable("__NEXT_DATA__ has neither a known sales_status at " + page.salesStatus() + " (was "
                    + salesStatus + ") nor a boolean at " + page.purchasable());
        }
        return purchasable
                ? new Verdict(SaleStatus.ON_SALE, PURCHASABLE, displayStatus)
                : new Verdict(SaleStatus.OFF_SALE, NOT_PURCHASABLE, displayStatus);
    }
}
