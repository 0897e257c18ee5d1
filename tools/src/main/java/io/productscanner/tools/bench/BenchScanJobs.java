package io.productscanner.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.queue.NewJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The real jobs the process benchmarks run: a platform's {@code {platform}-validation-v2} workflow over one product
 * page of the local site mirror, repeated, with the platform's pacing set by the benchmark.
 */
final class BenchScanJobs {
    /** A musinsa product recorded in fixtures/mirror. */
    static final String MUSINSA_PRODUCT = "https://www.musinsa.com/products/3674341";

    private BenchScanJobs() {}

    /** The product page a platform's benchmark scans unless one is given; null when there is no default. */
    static String defaultProductUrl(String platform) {
        return platform.equals("musinsa") ? MUSINSA_PRODUCT : null;
    }

    /**
     * {@code jobs} validation jobs of {@code productsPerJob} products each, with the workflow's defaults filled in
     * as the API's submit does (read from {@code WORKFLOWS_DIR}, which bin/product-scanner sets).
     */
    static List<NewJob> validationJobs(String platform, String productUrl, int jobs, int productsPerJob) {
        String workflowId = platform + "-validation-v2";
        ObjectNode defaults = workflowDefaults(workflowId);
        List<NewJob> newJobs = new ArrayList<>(jobs);
        for (int j = 0; j < jobs; j++) {
            ArrayNode products = JsonNodeFactory.instance.arrayNode();
            for (int p = 0; p < productsPerJob; p++) {
                products.addObject().put("url", productUrl).put("product_set_id", "bench-" + j + "-" + p);
            }
            ObjectNode params = defaults.deepCopy();
            params.set("products", products);
            newJobs.add(new NewJob(
                    UUID.randomUUID().toString(),
                    workflowId,
                    platform,
                    0,
                    params,
                    JsonNodeFactory.instance.objectNode()));
        }
        return newJobs;
    }

    private static ObjectNode workflowDefaults(String workflowId) {
        String dir = System.getenv().getOrDefault("WORKFLOWS_DIR", "workflows");
        Path file = Path.of(dir, workflowId + ".json");
        try {
            JsonNode defaults = Json.read(Files.readString(file)).path("defaults");
            return defaults.isObject() ? (ObjectNode) defaults.deepCopy() : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read workflow " + file + " (no plugin for the platform, or "
                    + "WORKFLOWS_DIR unset): " + e.getMessage());
        }
    }

    /** The environment of a worker process for {@code platform} against the benchmark's Redis and site mirror. */
    static Map<String, String> workerEnvironment(
            String platform, String redisUrl, String mirrorUrl, String service, long pacingMillis, String resultsDir) {
        return new HashMap<>(Map.of(
                "REDIS_URL",
                redisUrl,
                "SCANNER_SITE_MIRROR",
                mirrorUrl,
                "WORKER_PLATFORMS",
                platform,
                "SERVICE_NAME",
                service,
                platform.toUpperCase(Locale.ROOT) + "_PACING_MS",
                Long.toString(pacingMillis),
                "RESULTS_DIR",
                resultsDir));
    }
}
