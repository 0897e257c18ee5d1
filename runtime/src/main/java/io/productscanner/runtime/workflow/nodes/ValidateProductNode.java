package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * {@code validate_product}: checks each scanned snapshot for data no catalog should take: a missing name or
 * price, a negative price, a sale price above the original. An on-sale product priced 0 is a warning (it may
 * be a free gift, or a page that failed to show its price). Results carry the verdict; updates skip products
 * with errors.
 */
public final class ValidateProductNode implements NodeType {
    /** One verdict per scan, in product order. */
    public static final JobData.Key<Validations> VALIDATIONS = new JobData.Key<>("validations", Validations.class,
            v -> Json.MAPPER.valueToTree(v.items()),
            json -> new Validations(StreamSupport.stream(json.spliterator(), false).map(Validation::fromJson).toList()));

    /** The verdicts of a job, as one typed value. */
    public record Validations(List<Validation> items) {
        public Validations {
            items = List.copyOf(items);
        }
    }

    /** What is wrong with one snapshot. */
    public record Validation(List<String> errors, List<String> warnings) {
        public Validation {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return errors.isEmpty();
        }

        static Validation fromJson(JsonNode json) {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            json.path("errors").forEach(e -> errors.add(e.asText()));
            json.path("warnings").forEach(w -> warnings.add(w.asText()));
            return new Validation(errors, warnings);
        }
    }

    @Override
    public String name() {
        return "validate_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(VALIDATIONS);
    }

    @Override
    public NodeResult run(NodeContext context) {
        List<ScanRecord> scans = context.data().require(ScanProductNode.SCANS, context.node().id()).items();
        List<Validation> verdicts = scans.stream().map(scan -> validate(scan.snapshot())).toList();
        context.data().put(VALIDATIONS, new Validations(verdicts));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }

    /** The verdict on one snapshot; a failed scan or a vanished product has nothing to validate. */
    static Validation validate(ProductSnapshot snapshot) {
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
}
