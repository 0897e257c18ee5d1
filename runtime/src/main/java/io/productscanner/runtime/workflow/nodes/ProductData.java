package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.product.Validation;
import io.productscanner.runtime.workflow.JobData;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The job data the product nodes hand each other, in the order a validation workflow makes them: the products
 * (fetch_product), their scans (scan_product), the verdicts on the scans (validate_product) and the per-product
 * results (compare_product). A node reads what an earlier one produced by these keys, never through that node.
 */
public final class ProductData {
    /** The products to check, in order. */
    public static final JobData.Key<ProductChecks> PRODUCTS = new JobData.Key<>(
            "products",
            ProductChecks.class,
            checks -> Json.MAPPER.valueToTree(
                    checks.items().stream().map(ProductCheck::toJson).toList()),
            json -> new ProductChecks(StreamSupport.stream(json.spliterator(), false)
                    .map(ProductCheck::fromJson)
                    .toList()));

    /** The scans, in product order. */
    public static final JobData.Key<Scans> SCANS = new JobData.Key<>(
            "scans",
            Scans.class,
            scans -> Json.MAPPER.valueToTree(
                    scans.items().stream().map(ScanRecord::toJson).toList()),
            json -> new Scans(StreamSupport.stream(json.spliterator(), false)
                    .map(ScanRecord::fromJson)
                    .toList()));

    /** One verdict per scan, in product order. */
    public static final JobData.Key<Validations> VALIDATIONS = new JobData.Key<>(
            "validations",
            Validations.class,
            v -> Json.MAPPER.valueToTree(v.items()),
            json -> new Validations(StreamSupport.stream(json.spliterator(), false)
                    .map(Validation::fromJson)
                    .toList()));

    /** The per-product results, in product order. */
    public static final JobData.Key<Results> RESULTS = new JobData.Key<>(
            "results",
            Results.class,
            results -> Json.MAPPER.valueToTree(results.items()),
            json -> new Results(Json.MAPPER.convertValue(
                    json, Json.MAPPER.getTypeFactory().constructCollectionType(List.class, ProductResult.class))));

    private ProductData() {}

    /** The checked products, as one typed value. */
    public record ProductChecks(List<ProductCheck> items) {
        public ProductChecks {
            items = List.copyOf(items);
        }
    }

    /** The scans of a job, as one typed value. */
    public record Scans(List<ScanRecord> items) {
        public Scans {
            items = List.copyOf(items);
        }
    }

    /** The verdicts of a job, as one typed value. */
    public record Validations(List<Validation> items) {
        public Validations {
            items = List.copyOf(items);
        }
    }

    /** The results of a job, as one typed value. */
    public record Results(List<ProductResult> items) {
        public Results {
            items = List.copyOf(items);
        }
    }
}
