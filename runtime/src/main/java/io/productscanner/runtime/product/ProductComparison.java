package io.productscanner.runtime.product;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what the catalog expects of a product with what was scanned, field by field, exactly after trimming,
 * into the product's result. Only the fields the product's {@code expected} carries are compared. The sale status
 * is compared in the catalog's words ({@link SaleStatusVocabulary}): a sold-out product whose row says
 * {@code off_sale} matches.
 */
public final class ProductComparison {
    /** Compared fields, in the order results list them. */
    private static final List<String> FIELDS =
            List.of("product_name", "thumbnail", "original_price", "discounted_price", "sale_status");

    private final SaleStatusVocabulary vocabulary;

    public ProductComparison(SaleStatusVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The scan's result, carrying {@code validation} (null when the snapshot was not validated). */
    public ProductResult compare(ScanRecord scan, Validation validation) {
        ProductCheck check = scan.check();
        JsonNode expected = check.expected();
        ProductSnapshot snapshot = scan.snapshot();
        if (snapshot == null) {
            return new ProductResult(
                    check.url(),
                    scan.platform(),
                    scan.productId(),
                    check.productSetId(),
                    "failed",
                    null,
                    expected,
                    null,
                    Map.of(),
                    scan.error(),
                    null,
                    scan.failureKind(),
                    scan.evidence());
        }
        Map<String, Boolean> comparison = new LinkedHashMap<>();
        for (String field : FIELDS) {
            JsonNode want = expected.path(field);
            if (!want.isMissingNode() && !want.isNull()) {
                comparison.put(
                        field,
                        field.equals("sale_status")
                                ? vocabulary.agrees(text(want), snapshot.saleStatus())
                                : text(want).equals(scannedText(snapshot, field)));
            }
        }
        boolean match = comparison.values().stream().allMatch(Boolean::booleanValue);
        String status = snapshot.saleStatus() == SaleStatus.NOT_FOUND ? "not_found" : "success";
        return new ProductResult(
                check.url(),
                scan.platform(),
                scan.productId(),
                check.productSetId(),
                status,
                match,
                expected,
                fetched(snapshot),
                comparison,
                null,
                validation,
                null,
                List.of());
    }

    /** The scan's result with its snapshot validated, as validate_product and compare_product will make it. */
    public ProductResult compareValidated(ScanRecord scan) {
        return compare(scan, Validation.of(scan.snapshot()));
    }

    private ProductResult.Fetched fetched(ProductSnapshot s) {
        return new ProductResult.Fetched(
                s.productName(),
                s.brand(),
                s.thumbnail(),
                s.originalPrice(),
                s.discountedPrice(),
                s.saleStatus().wireName(),
                s.rawStatus(),
                s.strategy(),
                Json.timestamp(s.scannedAt()),
                vocabulary.catalogValue(s.saleStatus()));
    }

    private static String text(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Long.toString(value.asLong());
        }
        return value.asText().trim();
    }

    private static String scannedText(ProductSnapshot s, String field) {
        Object value = switch (field) {
            case "product_name" -> s.productName();
            case "thumbnail" -> s.thumbnail();
            case "original_price" -> s.originalPrice();
            case "discounted_price" -> s.discountedPrice();
            default -> throw new IllegalArgumentException("not a compared field: " + field);
        };
        return value == null ? "" : value.toString().trim();
    }
}
