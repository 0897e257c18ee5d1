package io.productscanner.runtime.workflow.nodes;

import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.product.Validation;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import java.util.List;

/**
 * {@code validate_product}: checks each scanned snapshot for data no catalog should take: a missing name or
 * price, a negative price, a sale price above the original. An on-sale product priced 0 is a warning (it may
 * be a free gift, or a page that failed to show its price). Results carry the verdict ({@link Validation});
 * updates skip products with errors.
 */
public final class ValidateProductNode implements NodeType {
    @Override
    public String name() {
        return "validate_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(ProductData.VALIDATIONS);
    }

    @Override
    public NodeResult run(NodeContext context) {
        List<ScanRecord> scans =
                context.data().require(ProductData.SCANS, context.node().id()).items();
        List<Validation> verdicts =
                scans.stream().map(scan -> Validation.of(scan.snapshot())).toList();
        context.data().put(ProductData.VALIDATIONS, new ProductData.Validations(verdicts));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }
}
