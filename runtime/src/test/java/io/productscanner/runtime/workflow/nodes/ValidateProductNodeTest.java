package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.product.ScanRecord;
import io.productscanner.runtime.product.Validation;
import io.productscanner.runtime.testing.TestSnapshots;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.spi.ProductSnapshot;
import io.productscanner.spi.SaleStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code validate_product}: one verdict per scan, in order (the rules: {@code ValidationTest}). */
class ValidateProductNodeTest {
    private static final Instant SCANNED = TestSnapshots.SCANNED;

    private static ProductSnapshot snapshot(String name, Long original, Long sale, SaleStatus status) {
        return TestSnapshots.musinsa(name, original, sale, status);
    }

    private static ScanRecord scan(String url, ProductSnapshot snapshot) {
        ProductCheck check = new ProductCheck(url, null, Json.MAPPER.createObjectNode());
        return snapshot == null
                ? new ScanRecord(check, "musinsa", "3", null, "timeout", "timed out after 30s")
                : new ScanRecord(check, "musinsa", snapshot.productId(), snapshot, null, null);
    }

    @Test
    void runPutsOneVerdictPerScanInProductOrder() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa");
        run.data.put(
                ProductData.SCANS,
                new ProductData.Scans(List.of(
                        scan("https://www.musinsa.com/products/1", snapshot("셔츠", 59000L, 61000L, SaleStatus.ON_SALE)),
                        scan("https://www.musinsa.com/products/2", snapshot("바지", 39000L, 29000L, SaleStatus.ON_SALE)),
                        scan("https://www.musinsa.com/products/3", null),
                        scan("https://www.musinsa.com/products/4", snapshot("양말", 5000L, 0L, SaleStatus.ON_SALE)))));

        NodeResult result = run.run(new ValidateProductNode());

        assertEquals(NodeResult.continueAll(), result);
        List<Validation> verdicts =
                run.data.find(ProductData.VALIDATIONS).orElseThrow().items();
        assertEquals(
                List.of(
                        new Validation(List.of("discounted_price 61000 is above original_price 59000"), List.of()),
                        new Validation(List.of(), List.of()),
                        new Validation(List.of(), List.of()),
                        new Validation(List.of(), List.of("on sale with a price of 0"))),
                verdicts);
        assertFalse(verdicts.getFirst().valid());
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void theVerdictsSurviveACheckpointAsJson() {
        ProductData.Validations verdicts = new ProductData.Validations(List.of(
                new Validation(List.of("product_name is missing"), List.of()),
                new Validation(List.of(), List.of("on sale with a price of 0"))));
        var key = ProductData.VALIDATIONS;
        assertEquals(
                verdicts, key.fromJson().apply(Json.read(Json.write(key.toJson().apply(verdicts)))));
    }

    @Test
    void runWithoutScansFailsNamingTheMissingData() {
        WorkflowException failure = assertThrows(
                WorkflowException.class,
                () -> new TestNodeRun("price-check", "musinsa").run(new ValidateProductNode()));
        assertTrue(failure.getMessage().contains("needs 'scans'"), failure.getMessage());
    }
}
