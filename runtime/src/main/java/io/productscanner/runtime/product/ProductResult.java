package io.productscanner.runtime.product;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One line of a job's results, as {@code GET /api/v2/jobs/{id}/results} shows it.
 *
 * @param status      {@code success}, {@code failed} or {@code not_found}
 * @param match       whether every expected field equals the scanned one; null when the scan failed
 * @param fetched     the scanned fields, or null when the scan failed
 * @param comparison  per expected field, whether it matched
 * @param error       why the scan failed, or null
 * @param validation  the {@code validate_product} verdict on the scanned data, or null when not validated
 * @param failureKind the failed scan's kind ({@code blocked}, {@code parse}, ...; see the SPI's FailureKind), so a
 *                    blocked or unreadable product reads as such rather than as a wrong price; null otherwise
 * @param evidence    what the site sent for a parse failure, kept beside the job's results; empty otherwise
 */
public record ProductResult(
        String url,
        String platform,
        String productId,
        String productSetId,
        String status,
        Boolean match,
        JsonNode expected,
        Fetched fetched,
        Map<String, Boolean> comparison,
        String error,
        Validation validation,
        String failureKind,
        List<EvidenceFile> evidence) {
    public ProductResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** A result without evidence. */
    public ProductResult(
            String url,
            String platform,
            String productId,
            String productSetId,
            String status,
            Boolean match,
            JsonNode expected,
            Fetched fetched,
            Map<String, Boolean> comparison,
            String error,
            Validation validation,
            String failureKind) {
        this(
                url,
                platform,
                productId,
                productSetId,
                status,
                match,
                expected,
                fetched,
                comparison,
                error,
                validation,
                failureKind,
                List.of());
    }

    /** A result with no failure kind: a scan that succeeded, or one recorded before failure kinds were kept. */
    public ProductResult(
            String url,
            String platform,
            String productId,
            String productSetId,
            String status,
            Boolean match,
            JsonNode expected,
            Fetched fetched,
            Map<String, Boolean> comparison,
            String error,
            Validation validation) {
        this(
                url,
                platform,
                productId,
                productSetId,
                status,
                match,
                expected,
                fetched,
                comparison,
                error,
                validation,
                null);
    }

    /**
     * The fields read from the platform.
     *
     * @param saleStatus        the scanner's status ({@code sold_out}, ...)
     * @param rawStatus         the platform's own status code
     * @param catalogSaleStatus the scanner status in the catalog's words, as it would be written ({@code off_sale})
     */
    public record Fetched(
            String productName,
            String brand,
            String thumbnail,
            Long originalPrice,
            Long discountedPrice,
            String saleStatus,
            String rawStatus,
            String strategy,
            String scannedAt,
            String catalogSaleStatus) {
        /** Fields read before catalog words were kept: the catalog word is unknown. */
        public Fetched(
                String productName,
                String brand,
                String thumbnail,
                Long originalPrice,
                Long discountedPrice,
                String saleStatus,
                String rawStatus,
                String strategy,
                String scannedAt) {
            this(
                    productName,
                    brand,
                    thumbnail,
                    originalPrice,
                    discountedPrice,
                    saleStatus,
                    rawStatus,
                    strategy,
                    scannedAt,
                    null);
        }
    }
}
