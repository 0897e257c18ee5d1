package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductCheck;
import org.junit.jupiter.api.Test;

/** A catalog row becomes the product a job checks. */
class CatalogRowTest {
    @Test
    void expectedHoldsOnlyTheComparedFieldsTheRowHas() {
        CatalogRow row = new CatalogRow(
                "ps-9",
                "A1",
                "토너",
                " https://www.oliveyoung.co.kr/p?goodsNo=A1 ",
                null,
                "on_sale",
                25000L,
                null,
                true,
                CatalogSamples.UPDATED);

        ProductCheck check = row.toProductCheck();

        assertEquals("https://www.oliveyoung.co.kr/p?goodsNo=A1", check.url());
        assertEquals("ps-9", check.productSetId());
        assertEquals(
                "{\"product_name\":\"토너\",\"original_price\":25000,\"sale_status\":\"on_sale\"}",
                Json.write(check.expected()));
    }

    @Test
    void aRowWithoutLinkUrlCannotBeChecked() {
        CatalogRow row = new CatalogRow("ps-9", null, "x", " ", null, null, null, null, null, null);
        CatalogException e = assertThrows(CatalogException.class, row::toProductCheck);
        assertEquals("catalog row product_set_id=ps-9 has no link_url", e.getMessage());
    }
}
