package io.productscanner.runtime.catalog;

import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.SaleStatusVocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what {@code update_product_set} writes back for one product, from the catalog's values and the
 * scanned ones:
 * <ul>
 *   <li>nothing for a product without a product_set_id, or whose scan failed (a failure is recorded in the job's
 *       results, never written);</li>
 *   <li>a sale status is written in the catalog's words ({@link SaleStatusVocabulary}: by default a sold-out or
 *       vanished product is {@code off_sale}), and only when those words differ from the row's;</li>
 *   <li>a product that vanished (scanned {@code not_found}) only has its sale_status written: the rest of the scan
 *       holds no data;</li>
 *   <li>otherwise each field whose scanned value differs from the catalog's, compared after trimming as
 *       {@code compare_product} does; a field the scan did not read (null or blank) is left alone, and so is a
 *       scanned price of 0 or less, which means the page showed no price rather than a free product.</li>
 * </ul>
 * Each change carries the scanner's status and the platform's raw one, for the history row.
 */
public final class ChangeDetector {
    public static final String NOT_FOUND = "not_found";

    private ChangeDetector() {}

    /**
     * @param catalog   what the catalog holds for the product
     * @param scanned   what the scan read (its sale status in the scanner's words), or null when the scan failed
     * @param rawStatus the platform's own status code, for the history; may be null
     */
    public static List<ProductSetChange> changes(
            String productSetId,
            ProductValues catalog,
            ProductValues scanned,
            String rawStatus,
            SaleStatusVocabulary vocabulary) {
        if (productSetId == null || productSetId.isBlank() || scanned == null) {
            return List.of();
        }
        String scannedStatus = trimmed(scanned.saleStatus());
        List<ProductSetChange> changes = new ArrayList<>();
        for (ProductField field : ProductField.values()) {
            if (NOT_FOUND.equals(scannedStatus) && field != ProductField.SALE_STATUS) {
                continue;
            }
            String after = trimmed(
                    field == ProductField.SALE_STATUS ? vocabulary.catalogValue(scannedStatus) : scanned.text(field));
            if (after == null || after.isEmpty() || field.isPrice() && Long.parseLong(after) <= 0) {
                continue;
            }
            String before = catalog.text(field);
            if (!after.equals(trimmed(before))) {
                changes.add(new ProductSetChange(productSetId, field, before, after, scannedStatus, rawStatus));
            }
        }
        return changes;
    }

    /**
     * The changes for one line of a job's results: its {@code expected} (the catalog's values) against its
     * {@code fetched}; a {@code failed} line gives none, a {@code not_found} one writes the vanished product's
     * catalog status.
     */
    public static List<ProductSetChange> changes(ProductResult result, SaleStatusVocabulary vocabulary) {
        boolean vanished = NOT_FOUND.equals(result.status());
        if (!vanished && !("success".equals(result.status()) && result.fetched() != null)) {
            return List.of();
        }
        ProductValues catalog = result.expected() == null
                ? new ProductValues(null, null, null, null, null)
                : ProductValues.fromJson(result.expected());
        ProductValues scanned = vanished
                ? new ProductValues(null, null, null, null, NOT_FOUND)
                : ProductValues.fromFetched(result.fetched());
        String rawStatus = result.fetched() == null ? null : result.fetched().rawStatus();
        return changes(result.productSetId(), catalog, scanned, rawStatus, vocabulary);
    }

    private static String trimmed(String text) {
        return text == null ? null : text.trim();
    }
}
