package io.productscanner.runtime.product;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with one scanned snapshot: data no catalog should take (a missing name or price, a negative
 * price, a sale price above the original) are errors; an on-sale product priced 0 is a warning (it may be a free
 * gift, or a page that failed to show its price).
 */
public record Validation(List<String> errors, List<String> warnings) {
    public Validation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The verdict on one snapshot; a failed scan or a vanished product has nothing to validate. */
    public static Validation of(ProductSnapshot snapshot) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (snapshot == null || snapshot.saleStatus() == SaleStatus.NOT_FOUND) {
            return new Validation(errors, warnings);
        }
        if (snapshot.productName() == null || snapshot.productName().isBlank()) {
            errors.add("product_name is missing");
        }
        Long original = snapshot.originalPrice();
        Long sale = snapshot.discountedPrice();
        boolean buyable = snapshot.saleStatus() == SaleStatus.ON_SALE || snapshot.saleStatus() == SaleStatus.SOLD_OUT;
        if (buyable && original == null) {
            errors.add("original_price is missing");
        }
        if (buyable && sale == null) {
            errors.add("discounted_price is missing");
        }
        if (original != null && original < 0) {
            errors.add("original_price is negative (" + original + ")");
        }
        if (sale != null && sale < 0) {
            errors.add("discounted_price is negative (" + sale + ")");
        }
        if (original != null && sale != null && sale > original) {
            errors.add("discounted_price " + sale + " is above original_price " + original);
        }
        if (snapshot.saleStatus() == SaleStatus.ON_SALE && sale != null && sale == 0) {
            warnings.add("on sale with a price of 0");
        }
        return new Validation(errors, warnings);
    }

    public static Validation fromJson(JsonNode json) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        json.path("errors").forEach(e -> errors.add(e.asText()));
        json.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new Validation(errors, warnings);
    }
}
