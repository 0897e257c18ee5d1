package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import io.productscanner.runtime.worker.JobControl;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeDefinition;
import io.productscanner.runtime.workflow.RetryPolicy;
import io.productscanner.runtime.workflow.nodes.ProductData;
import io.productscanner.runtime.workflow.nodes.SaveResultNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Jobs and product results for the results tests, and a way to run {@code save_result} on them. */
final class ResultsFixtures {
    private ResultsFixtures() {}

    static String newJobId() {
        return UUID.randomUUID().toString();
    }

    static JobRecord job(String jobId, String platform, String startedAt) {
        return new JobRecord(
                jobId,
                platform + "-validation-v2",
                platform,
                JobStatus.RUNNING,
                0,
                0,
                "save",
                1,
                Json.read("{\"products\": [], \"note\": \"검증\"}"),
                Json.MAPPER.createObjectNode(),
                "2025-11-27T08:00:00.000Z",
                startedAt,
                null,
                null,
                null,
                "test-worker",
                null);
    }

    /**
     * {@code count} results of a musinsa scan, every third failed; product names carry Korean text, commas,
     * quotes and line breaks, as real catalogs do.
     */
    static List<ProductResult> products(int count) {
        List<ProductResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = "https://www.musinsa.com/products/" + (1000 + i);
            String json = i % 3 == 2
                    ? """
                    {"url": "%s", "platform": "musinsa", "product_id": "%d", "product_set_id": "set-%d",
                     "status": "failed", "expected": {"product_name": "셔츠 %d"}, "comparison": {},
                     "error": "timed out, after 3 tries"}""".formatted(url, 1000 + i, i, i)
                    : """
                    {"url": "%s", "platform": "musinsa", "product_id": "%d", "product_set_id": "set-%d",
                     "status": "success", "match": %b,
                     "expected": {"product_name": "셔츠 \\"오버핏\\", 블랙 %d", "original_price": 39000},
                     "fetched": {"product_name": "셔츠 \\"오버핏\\",\\n블랙 %d", "brand": "무신사 스탠다드",
                                 "original_price": 39000, "discounted_price": 29000, "sale_status": "on_sale",
                                 "scanned_at": "2025-11-27T08:11:01.578Z"},
                     "comparison": {"product_name": %b, "original_price": true}}""".formatted(url, 1000 + i, i, i % 2 == 0, i, i, i % 2 == 0);
            results.add(Json.MAPPER.convertValue(Json.read(json), ProductResult.class));
        }
        return results;
    }

    /** Runs {@code save_result} for {@code job} on {@code results}, as the workflow runner would. */
    static void save(SaveResultNode node, JobStore store, JobRecord job, List<ProductResult> results) throws Exception {
        JobData data = new JobData();
        data.put(ProductData.RESULTS, new ProductData.Results(results));
        NodeDefinition definition = new NodeDefinition(
                "save", "save_result", "save", Json.MAPPER.createObjectNode(), List.of(), RetryPolicy.ONCE, 0);
        node.run(new NodeContext(
                job,
                Json.MAPPER.createObjectNode(),
                definition,
                definition.config(),
                data,
                null,
                store,
                new JobControl(),
                fraction -> {},
                store.checkpoint(job.jobId())));
    }

    /** The job hash fields a queued job has, so the API finds the job. */
    static Map<String, String> jobHash(JobRecord job, JobStatus status) {
        return Map.of(
                JobRecord.JOB_ID,
                job.jobId(),
                JobRecord.WORKFLOW_ID,
                job.workflowId(),
                JobRecord.PLATFORM,
                job.platform(),
                JobRecord.STATUS,
                status.wireName(),
                JobRecord.STARTED_AT,
                job.startedAt());
    }

    /** The results as the API shows them: the JSON the Redis list holds. */
    static List<JsonNode> asJson(List<ProductResult> results) {
        return results.stream().map(result -> Json.read(Json.write(result))).toList();
    }
}
