package io.productscanner.plugin.oliveyoung;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The original's price rules (OliveyoungPriceExtractor.parsePrice, PriceParser.extractNumbers). */
class PriceTextTest {
    @Test
    void withADiscountTheFirstAmountIsTheOriginalAndTheLastTheSalePrice() {
        assertEquals(prices(21000, 14700), PriceText.parse("30% 21,000원 14,700원"));
        assertEquals(prices(20000, 12000), PriceText.parse("20,000 12,000원 40 %"));
        // the generated-class layout's price block, rate between the amounts
        assertEquals(prices(16000, 14400), PriceText.parse("16,000원10%14,400원 ~"));
        assertEquals(prices(3000, 15000), PriceText.parse("30% 3,000 20,000 15,000"));
    }

    @Test
    void withoutADiscountTheFirstAmountIsBoth() {
        assertEquals(prices(25000, 25000), PriceText.parse("25,000원"));
        assertEquals(prices(25000, 25000), PriceText.parse("25,000원 20,000원"));
        assertEquals(prices(8500, 8500), PriceText.parse("8,500원 30%"));
    }

    @Test
    void anAmountHasACommaOrAtLeastFourDigits() {
        assertEquals(prices(9900, 9900), PriceText.parse("9900원"));
        // a count or a short number is no amount: the old reader took "1" as the price here
        assertEquals(prices(12000, 12000), PriceText.parse("1개 12,000원"));
        assertEquals(Optional.empty(), PriceText.parse("최대 50% 할인"));
    }

    @Test
    void noAmountIsNoPrice() {
        assertEquals(Optional.empty(), PriceText.parse("가격 문의"));
        assertEquals(Optional.empty(), PriceText.parse(""));
        assertEquals(Optional.empty(), PriceText.parse(null));
    }

    private static Optional<PriceText> prices(long original, long sale) {
        return Optional.of(new PriceText(original, sale));
    }
}
