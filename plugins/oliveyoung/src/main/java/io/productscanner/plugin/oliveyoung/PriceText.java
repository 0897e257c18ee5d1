package io.productscanner.plugin.oliveyoung;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices from the text of the price block. With a discount ("30% 21,000원 14,700원", the rate anywhere) the first
 * amount is the original price and the last the sale price; without one, the single amount is both. The rate
 * itself is not an amount.
 */
record PriceText(long original, long sale) {
    private static final Pattern AMOUNT = Pattern.compile("(\\d[\\d,]*)(\\s*%)?");

    static Optional<PriceText> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<Long> amounts = new ArrayList<>();
        Matcher matcher = AMOUNT.matcher(text);
        while (matcher.find()) {
            if (matcher.group(2) == null) {
                String digits = matcher.group(1).replace(",", "");
                if (!digits.isEmpty() && digits.length() <= 12) {
                    amounts.add(Long.parseLong(digits));
                }
            }
        }
        if (amounts.isEmpty()) {
            return Optional.empty();
        }
        if (text.contains("%")) {
            return Optional.of(new PriceText(amounts.getFirst(), amounts.getLast()));
        }
        return Optional.of(new PriceText(amounts.getFirst(), amounts.getFirst()));
    }
}
