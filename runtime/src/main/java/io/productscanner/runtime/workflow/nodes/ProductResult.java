package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One line of a job's results, as {@code GET /api/v2/jobs/{id}/results} shows it.
 *
 * @param status     {@code success}, {@code failed} or {@code not_found}
 * @param match      whether every expected field equals the scanned one; null when the scan failed
 * @param fetched    the scanned fields, or null when the scan failed
 * @param comparison per expected field, whether it matched
 * @param validation the {@code validate_product} verdict on the scanned data, or null when not validated
 */
public record ProductResult(String url, String platform, String productId, String productSetId, String status,
                            Boolean match, JsonNode expected, Fetched fetched, Map<String, Boolean> comparison,
                            String error, ValidateProductNode.Validation validation) {

    /** The fields read from the platform. */
    public record Fetched(String productName, String brand, String thumbnail, Long originalPrice,
                          Long discountedPrice, String saleStatus, String rawStatus, String strategy,
                          String scannedAt) {
    }
}
