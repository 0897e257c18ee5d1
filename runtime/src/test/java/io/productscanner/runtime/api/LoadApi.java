package io.productscanner.runtime.api;

import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.testing.ApiFixture;
import io.productscanner.runtime.testing.TestApi;
import io.productscanner.runtime.testing.TestNodes;
import io.productscanner.runtime.testing.TestRedis;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real Helidon API in this JVM over a real Redis, with the limits under test: a no-op workflow on the default
 * queue ({@link #NOOP}) and an extract workflow ({@link ProductExtractService#URL_WORKFLOW}, one no-op node) on the
 * {@code extract} queue, which no worker serves, so its jobs wait until a test ends them through the queue. Held
 * in a {@code @RegisterExtension static final} field, it serves one test class.
 */
final class LoadApi extends ApiFixture {
    static final String NOOP = "noop-v1";
    static final String EXTRACT_PLATFORM = "extract";
    static final String EXECUTE = "/api/v2/workflows/execute";
    static final String EXTRACT_BY_URL = "/api/v2/products/extract-by-url";

    private final int maxQueuedPerPlatform;
    private final ApiLimits limits;

    private LoadApi(int maxQueuedPerPlatform, ApiLimits limits) {
        this.maxQueuedPerPlatform = maxQueuedPerPlatform;
        this.limits = limits;
    }

    /**
     * @param maxQueuedPerPlatform the queue limit the API's submits meet
     * @param limits               the API's own limits
     */
    static LoadApi perClass(int maxQueuedPerPlatform, ApiLimits limits) {
        return new LoadApi(maxQueuedPerPlatform, limits);
    }

    @Override
    protected TestApi.Builder configure(TestApi.Builder api) {
        return api.nodeType(TestNodes.noop())
                .workflow(NOOP, "noop")
                .workflow(ProductExtractService.URL_WORKFLOW, EXTRACT_PLATFORM, "noop")
                .queuePolicy(policy -> policy.withMaxQueuedPerPlatform(maxQueuedPerPlatform))
                .limits(limits);
    }

    TestRedis redis() {
        return api().redis();
    }

    JobQueue queue() {
        return api().queues().jobs();
    }

    JobStore store() {
        return api().store();
    }

    int port() {
        return api().port();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return api().get(path);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return api().postJson(path, json);
    }

    HttpRequest postRequest(String path, String json, Duration timeout) {
        return HttpRequest.newBuilder(api().uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .timeout(timeout)
                .build();
    }

    HttpClient http() {
        return api().http();
    }

    /** Jobs waiting in the platform's queue. */
    long queued(String platform) {
        return redis().connections().commands().zcard(redis().keys().queue(platform));
    }

    /** Calls of {@code command} Redis has served since it started (INFO commandstats; scripts' inner calls count). */
    long calls(String command) {
        return redis().calls(command);
    }

    /** Every command Redis has served since it started, INFO commands of the tests included. */
    long allCalls() {
        String stats = redis().connections().commands().info("stats");
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("INFO stats has no total_commands_processed");
    }
}
