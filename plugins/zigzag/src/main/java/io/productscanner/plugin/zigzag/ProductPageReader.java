package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads from a product page's {@code __NEXT_DATA__} whether the product can be bought, and its display status. */
final class ProductPageReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT_DATA = Pattern.compile(
            "<script[^>]*\\bid=[\"']__NEXT_DATA__[\"'][^>]*>(.*?)</script>", Pattern.DOTALL);

    private final ZigzagConfig.Page page;

    ProductPageReader(ZigzagConfig.Page page) {
        this.page = page;
    }

    /**
     * What the page says.
     *
     * @param purchasable   whether a buyer can buy it
     * @param displayStatus the page's display status, or null when it has none
     */
    record Verdict(boolean purchasable, String displayStatus) {
    }

    /** Why the page could not be read; the cross-check is then skipped. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason);
        }
    }

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
        JsonNode purchasable = data.at(page.purchasable());
        if (!purchasable.isBoolean()) {
            throw new Unreadable("__NEXT_DATA__ has no boolean at " + page.purchasable());
        }
        JsonNode displayStatus = data.at(page.displayStatus());
        return new Verdict(purchasable.booleanValue(),
                displayStatus.isTextual() && !displayStatus.asText().isBlank() ? displayStatus.asText().strip() : null);
    }
}
