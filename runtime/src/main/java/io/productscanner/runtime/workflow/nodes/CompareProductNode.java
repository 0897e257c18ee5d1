package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.catalog.SaleStatusVocabulary;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compare_product}: compares what the catalog expects with what was scanned, field by field, exactly
 * after trimming. Only the fields the product's {@code expected} carries are compared. The sale status is compared
 * in the catalog's words ({@link SaleStatusVocabulary}): a sold-out product whose row says {@code off_sale} matches.
 */
public final class CompareProductNode implements NodeType {
    /** The per-product results, in product order. */
    public static final JobData.Key<Results> RESULTS = new JobData.Key<>("results", Results.class,
            results -> Json.MAPPER.valueToTree(results.items()),
            json -> new Results(Json.MAPPER.convertValue(json, Json.MAPPER.getTypeFactory()
                    .constructCollectionType(List.class, ProductResult.class))));

    /** Compared fields, in the order results list them. */
    private static final List<String> FIELDS = List.of("product_name", "thumbnail", "original_price",
            "discounted_price", "sale_status");

    private final SaleStatusVocabulary vocabulary;

    public CompareProductNode(SaleStatusVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The results of a job, as one typed value. */
    public record Results(List<ProductResult> items) {
        public Results {
            items = List.copyOf(items);
        }
    }

    @Override
    public String name() {
        return "compare_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(RESULTS);
    }

    @Override
    public NodeResult run(NodeContext context) {
        List<ScanRecord> scans = context.data().require(ScanProductNode.SCANS, context.node().id()).items();
        List<ValidateProductNode.Validation> validations = context.data().find(ValidateProductNode.VALIDATIONS)
                .map(ValidateProductNode.Validations::items).orElse(null);
        List<ProductResult> results = new ArrayList<>(scans.size());
        for (int i = 0; i < scans.size(); i++) {
            results.add(compare(scans.get(i), validations == null ? null : validations.get(i), vocabulary));
        }
        context.data().put(RESULTS, new Results(results));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }

    static ProductResult compare(ScanRecord scan, ValidateProductNode.Validation validation,
                                 SaleStatusVocabulary vocabulary) {
        ProductCheck check = scan.check();
        JsonNode expected = check.expected();
        ProductSnapshot snapshot = scan.snapshot();
        if (snapshot == null) {
            return new ProductResult(check.url(), scan.platform(), scan.productId(), check.productSetId(), "failed",
                    null, expected, null, Map.of(), scan.error(), null, scan.failureKind(), scan.evidence());
        }
        Map<String, Boolean> comparison = new LinkedHashMap<>();
        for (String field : FIELDS) {
            JsonNode want = expected.path(field);
            if (!want.isMissingNode() && !want.isNull()) {
                comparison.put(field, field.equals("sale_status")
                        ? vocabulary.agrees(text(want), snapshot.saleStatus())
                        : text(want).equals(scannedText(snapshot, field)));
            }
        }
        boolean match = comparison.values().stream().allMatch(Boolean::booleanValue);
        String status = snapshot.saleStatus() == SaleStatus.NOT_FOUND ? "not_found" : "success";
        return new ProductResult(check.url(), scan.platform(), scan.productId(), check.productSetId(), status,
                match, expected, fetched(snapshot, vocabulary), comparison, null, validation, null, List.of());
    }

    private static ProductResult.Fetched fetched(ProductSnapshot s, SaleStatusVocabulary vocabulary) {
        return new ProductResult.Fetched(s.productName(), s.brand(), s.thumbnail(), s.originalPrice(),
                s.discountedPrice(), s.saleStatus().wireName(), s.rawStatus(), s.strategy(),
                Json.timestamp(s.scannedAt()), vocabulary.catalogValue(s.saleStatus()));
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
