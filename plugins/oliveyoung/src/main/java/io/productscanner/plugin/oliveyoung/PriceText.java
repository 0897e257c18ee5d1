package io.productscanner.plugin.oliveyoung;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices from the text of the price block, by the original's rules (OliveyoungPriceExtractor, PriceParser): an
 * amount has a thousands comma or at least 4 digits, so a rate ("30%") or a count ("1개") is not one; with a "%"
 * and two amounts or more, the first is the original price and the last the sale price; otherwise the first amount
 * is both. An amount of 0 is no price; a missing original price falls back to the sale price, as the original's
 * {@code originalPrice || price}.
 *
 * @param original list price, or null
 * @param sale     price a buyer pays, or null
 */
record PriceText(Long original, Long sale) {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,3}(?:,\\d{3})+|\\d+");
    private static final int MAX_DIGITS = 12;

    static Optional<PriceText> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<Long> amounts = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(text);
        while (matcher.find()) {
            String number = matcher.group();
            String digits = number.replace(",", "");
            if ((number.contains(",") || digits.length() >= 4) && digits.length() <= MAX_DIGITS) {
                amounts.add(Long.parseLong(digits));
            }
        }
        if (amounts.isEmpty()) {
            return Optional.empty();
        }
        Long sale = positive(text.contains("%") && amounts.size() >= 2 ? amounts.getLast() : amounts.getFirst());
        Long original = positive(amounts.getFirst());
        if (original == null) {
            original = sale;
        }
        return original == null && sale == null ? Optional.empty() : Optional.of(new PriceText(original, sale));
    }

    private static Long positive(long amount) {
        return amount > 0 ? amount : null;
    }
}
