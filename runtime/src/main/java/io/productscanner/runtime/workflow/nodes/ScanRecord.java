package io.productscanner.runtime.workflow.nodes;

import io.productscanner.spi.ProductSnapshot;

/**
 * The scan of one product: a snapshot, or why there is none.
 *
 * @param platform     the plugin that scanned it, or null when no plugin accepts the URL
 * @param productId    the platform's product id, or null when the URL could not be parsed
 * @param snapshot     the result, or null on failure
 * @param failureKind  the failure's kind ({@code blocked}, {@code timeout}, ...) or null
 * @param error        the failure's message, or null
 */
public record ScanRecord(ProductCheck check, String platform, String productId, ProductSnapshot snapshot,
                         String failureKind, String error) {
}
