package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One product a job checks: where to read it and what the catalog expects it to show.
 *
 * @param url          product URL on its platform
 * @param productSetId the catalog row it came from, or null
 * @param expected     expected fields (product_name, thumbnail, original_price, discounted_price, sale_status);
 *                     only the fields present are compared
 */
public record ProductCheck(String url, String productSetId, ObjectNode expected) {
}
