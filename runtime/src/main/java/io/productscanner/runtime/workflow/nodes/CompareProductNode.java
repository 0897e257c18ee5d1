package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.product.ProductComparison;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.product.Validation;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code compare_product}: compares what the catalog expects of each product with what was scanned, into the job's
 * per-product results ({@link ProductComparison}: field by field, the sale status in the catalog's words).
 */
public final class CompareProductNode implements NodeType {
    private final ProductComparison comparison;

    public CompareProductNode(ProductComparison comparison) {
        this.comparison = comparison;
    }

    @Override
    public String name() {
        return "compare_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(ProductData.RESULTS);
    }

    @Override
    public NodeResult run(NodeContext context) {
        List<ScanRecord> scans =
                context.data().require(ProductData.SCANS, context.node().id()).items();
        List<Validation> validations = context.data()
                .find(ProductData.VALIDATIONS)
                .map(ProductData.Validations::items)
                .orElse(null);
        List<ProductResult> results = new ArrayList<>(scans.size());
        for (int i = 0; i < scans.size(); i++) {
            results.add(comparison.compare(scans.get(i), validations == null ? null : validations.get(i)));
        }
        context.data().put(ProductData.RESULTS, new ProductData.Results(results));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }
}
