package io.productscanner.runtime.catalog;

import io.productscanner.runtime.product.ProductCheck;
import java.time.Instant;

/**
 * One row of the catalog ({@code product_sets}). Any field may be null, as in the table.
 *
 * @param productSetId    the row's key; ids of other types (bigint, uuid) are carried as their text
 * @param saleStatus      the catalog's own sale status text
 * @param originalPrice   KRW
 * @param discountedPrice KRW
 * @param autoCrawled     whether the row was added by a crawler rather than by a person
 */
public record CatalogRow(
        String productSetId,
        String productId,
        String productName,
        String linkUrl,
        String thumbnail,
        String saleStatus,
        Long originalPrice,
        Long discountedPrice,
        Boolean autoCrawled,
        Instant updatedAt) {

    /** The compared fields of this row. */
    public ProductValues values() {
        return new ProductValues(productName, thumbnail, originalPrice, discountedPrice, saleStatus);
    }

    /**
     * The product a job checks for this row: its {@code link_url}, and as {@code expected} the compared fields
     * the row has (null fields are left out, so they are not compared).
     *
     * @throws CatalogException when the row has no link_url, so there is nothing to scan
     */
    public ProductCheck toProductCheck() {
        if (linkUrl == null || linkUrl.isBlank()) {
            throw new CatalogException("catalog row product_set_id=" + productSetId + " has no link_url");
        }
        return new ProductCheck(linkUrl.trim(), productSetId, values().toJson());
    }
}
