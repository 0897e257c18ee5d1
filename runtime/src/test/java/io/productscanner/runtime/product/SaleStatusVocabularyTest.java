package io.productscanner.runtime.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.SaleStatus;
import org.junit.jupiter.api.Test;

class SaleStatusVocabularyTest {
    @Test
    void byDefaultTheCatalogHoldsOnlyOnSaleAndOffSale() {
        SaleStatusVocabulary words = SaleStatusVocabulary.defaults();

        assertEquals("on_sale", words.catalogValue(SaleStatus.ON_SALE));
        assertEquals("off_sale", words.catalogValue(SaleStatus.SOLD_OUT));
        assertEquals("off_sale", words.catalogValue(SaleStatus.OFF_SALE));
        assertEquals("off_sale", words.catalogValue(SaleStatus.NOT_FOUND));
        assertEquals("off_sale", words.offSale());
    }

    @Test
    void aSettingChangesTheStatusesItNamesAndKeepsTheOthers() {
        SaleStatusVocabulary words = SaleStatusVocabulary.parse(" sold_out : sold_out ,not_found:deleted");

        assertEquals("sold_out", words.catalogValue(SaleStatus.SOLD_OUT));
        assertEquals("deleted", words.catalogValue("not_found"));
        assertEquals("on_sale", words.catalogValue(SaleStatus.ON_SALE));
    }

    @Test
    void anExpectedStatusAgreesInTheCatalogsWordsOrTheScannersOwn() {
        SaleStatusVocabulary words = SaleStatusVocabulary.defaults();

        assertTrue(words.agrees("off_sale", SaleStatus.SOLD_OUT));
        assertTrue(words.agrees(" sold_out ", SaleStatus.SOLD_OUT));
        assertFalse(words.agrees("on_sale", SaleStatus.SOLD_OUT));
        assertFalse(words.agrees("off_sale", SaleStatus.ON_SALE));
    }

    @Test
    void malformedPairsAndUnknownStatusesAreRefusedByName() {
        assertEquals(
                "'sold_out' is not scanner_status:catalog_value",
                assertThrows(IllegalArgumentException.class, () -> SaleStatusVocabulary.parse("sold_out"))
                        .getMessage());
        assertEquals(
                "'sold_out:' is not scanner_status:catalog_value",
                assertThrows(IllegalArgumentException.class, () -> SaleStatusVocabulary.parse("sold_out:"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SaleStatusVocabulary.parse("gone:off_sale"))
                .getMessage()
                .contains("unknown sale status 'gone'"));
    }
}
