package io.productscanner.runtime.catalog;

import io.productscanner.runtime.workflow.nodes.ProductResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides what {@code update_product_set} writes back for one product, from the catalog's values and the
 * scanned ones:
 * <ul>
 *   <li>nothing for a product without a product_set_id, or whose scan failed;</li>
 *   <li>a product that vanished (scanned sale status {@code not_found}) only has its sale_status set to
 *       {@code off_sale}: the rest of the scan holds no data;</li>
 *   <li>otherwise each field whose scanned value differs from the catalog's, compared after trimming as
 *       {@code compare_product} does; a field the scan did not read (null or blank) is left alone, and so is a
 *       scanned price of 0 or less, which means the page showed no price rather than a free product.</li>
 * </ul>
 */
public final class ChangeDetector {
    public static final String NOT_FOUND = "not_found";
    public static final String OFF_SALE = "off_sale";

    private ChangeDetector() {
    }

    /**
     * @param catalog what the catalog holds for the product
     * @param scanned what the scan read, or null when the scan failed
     */
    public static List<ProductSetChange> changes(String productSetId, ProductValues catalog,
                                                 ProductValues scanned) {
        if (productSetId == null || productSetId.isBlank() || scanned == null) {
            return List.of();
        }
        if (NOT_FOUND.equals(trimmed(scanned.saleStatus()))) {
            return OFF_SALE.equals(trimmed(catalog.saleStatus())) ? List.of()
                    : List.of(new ProductSetChange(productSetId, ProductField.SALE_STATUS, catalog.saleStatus(),
                    OFF_SALE));
        }
        List<ProductSetChange> changes = new ArrayList<>();
        for (ProductField field : ProductField.values()) {
            String after = trimmed(scanned.text(field));
            if (after == null || after.isEmpty() || field.isPrice() && Long.parseLong(after) <= 0) {
                continue;
            }
            String before = catalog.text(field);
            if (!after.equals(trimmed(before))) {
                changes.add(new ProductSetChange(productSetId, field, before, after));
            }
        }
        return changes;
    }

    /**
     * The changes for one line of a job's results: its {@code expected} (the catalog's values) against its
     * {@code fetched}; a {@code failed} line gives none, a {@code not_found} one sets the product off sale.
     */
    public static List<ProductSetChange> changes(ProductResult result) {
        boolean vanished = NOT_FOUND.equals(result.status());
        if (!vanished && !("success".equals(result.status()) && result.fetched() != null)) {
            return List.of();
        }
        ProductValues catalog = result.expected() == null ? new ProductValues(null, null, null, null, null)
                : ProductValues.fromJson(result.expected());
        ProductValues scanned = vanished ? new ProductValues(null, null, null, null, NOT_FOUND)
                : ProductValues.fromFetched(result.fetched());
        return changes(result.productSetId(), catalog, scanned);
    }

    private static String trimmed(String text) {
        return text == null ? null : text.trim();
    }
}
