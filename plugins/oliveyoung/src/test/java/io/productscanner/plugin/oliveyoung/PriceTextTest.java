package io.productscanner.plugin.oliveyoung;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriceTextTest {
    @Test
    void withADiscountTheFirstAmountIsTheOriginalAndTheLastTheSalePrice() {
        assertEquals(Optional.of(new PriceText(21000, 14700)), PriceText.parse("30% 21,000원 14,700원"));
        assertEquals(Optional.of(new PriceText(20000, 12000)), PriceText.parse("20,000 12,000원 40 %"));
    }

    @Test
    void withoutADiscountOneAmountIsBoth() {
        assertEquals(Optional.of(new PriceText(25000, 25000)), PriceText.parse("25,000원"));
    }

    @Test
    void noAmountIsNoPrice() {
        assertEquals(Optional.empty(), PriceText.parse("가격 문의"));
        assertEquals(Optional.empty(), PriceText.parse(null));
    }
}
