package io.productscanner.runtime.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.util.Objects;

/**
 * One field of one catalog row to write back: from {@code before} (what the catalog held when the job read it)
 * to {@code after} (what the scan found). Values are text; prices are whole KRW in decimal digits.
 *
 * @param before        null when the catalog held no value
 * @param after         never null; a price is never 0, because a scanned 0 means the price could not be read; a
 *                      sale status in the catalog's words
 * @param scannedStatus the scanner's status of the product ({@code sold_out}), kept in the history; may be null
 * @param rawStatus     the platform's own status code ({@code SLDOT}), kept in the history; may be null
 */
public record ProductSetChange(
        String productSetId, ProductField field, String before, String after, String scannedStatus, String rawStatus) {
    /** A change without the scan's statuses. */
    public ProductSetChange(String productSetId, ProductField field, String before, String after) {
        this(productSetId, field, before, after, null, null);
    }

    /** The same change writing {@code newAfter} instead. */
    public ProductSetChange withAfter(String newAfter) {
        return new ProductSetChange(productSetId, field, before, newAfter, scannedStatus, rawStatus);
    }

    public ProductSetChange {
        if (productSetId == null || productSetId.isBlank()) {
            throw new IllegalArgumentException("a change needs a product_set_id");
        }
        Objects.requireNonNull(field, "field");
        if (after == null) {
            throw new IllegalArgumentException(
                    "change of " + field.key() + " for product_set_id=" + productSetId + " has no new value");
        }
        if (field.isPrice()) {
            long newPrice = price(productSetId, field, after, "after");
            if (newPrice <= 0) {
                throw new IllegalArgumentException(field.key() + " of product_set_id=" + productSetId
                        + " would be set to " + after + "; prices written back must be positive");
            }
            // canonical digits, so "012000" and "12000" compare equal with the stored value
            after = Long.toString(newPrice);
            before = before == null ? null : Long.toString(price(productSetId, field, before, "before"));
        }
    }

    /** {@code {"product_set_id", "field", "before", "after"}}, prices as numbers. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("product_set_id", productSetId);
        json.put("field", field.key());
        if (field.isPrice()) {
            json.put("before", before == null ? null : Long.valueOf(before));
            json.put("after", Long.valueOf(after));
        } else {
            json.put("before", before);
            json.put("after", after);
        }
        if (scannedStatus != null) {
            json.put("scanned_status", scannedStatus);
        }
        if (rawStatus != null) {
            json.put("raw_status", rawStatus);
        }
        return json;
    }

    private static long price(String productSetId, ProductField field, String text, String which) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(which + " value of " + field.key() + " for product_set_id="
                    + productSetId + " must be a whole number, got '" + text + "'");
        }
    }
}
