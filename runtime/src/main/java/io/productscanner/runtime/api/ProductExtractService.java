package io.productscanner.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.catalog.CatalogException;
import io.productscanner.runtime.catalog.CatalogFilter;
import io.productscanner.runtime.catalog.CatalogSource;
import io.productscanner.runtime.job.JobEnds;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.workflow.SubmissionRejected;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /api/v2/products/extract-by-url|extract-by-product-set|extract-by-id}: queue an extract workflow on the
 * {@code extract} queue and wait for it (up to {@code EXTRACT_WAIT_MS}, or the body's {@code timeout_ms}): 200 with
 * the result when it ends in time, else 202 with the job id to follow. A wait wakes on the job's end
 * ({@link JobEnds}) rather than polling, and ends when its client hangs up ({@link ClientHangUp}): the job is then
 * cancelled if it has not started (nobody is left to read it), and left to finish if it has (it stays in the
 * job history). At most {@code MAX_EXTRACT_WAITS} requests wait at once; more are answered 503 before anything
 * is queued.
 */
final class ProductExtractService implements HttpService {
    static final String URL_WORKFLOW = "extract-url-v2";
    static final String PRODUCT_SET_WORKFLOW = "extract-product-set-v2";
    static final String PRODUCT_WORKFLOW = "extract-product-v2";
    /** The most a caller may ask an API thread to wait. */
    private static final long MAX_TIMEOUT_MS = 300_000;
    /** When a request refused for too many waits should try again: waits end within seconds to minutes. */
    private static final Duration WAITS_FULL_RETRY_AFTER = Duration.ofSeconds(5);
    /** Results returned inline; a larger job is read through the results API. */
    private static final int MAX_INLINE_RESULTS = 1000;

    private static final System.Logger LOG = System.getLogger(ProductExtractService.class.getName());

    private final WorkflowSubmitter submitter;
    private final JobStore store;
    private final JobQueue queue;
    private final JobEnds ends;
    private final Optional<CatalogSource> catalog;
    private final Duration defaultWait;
    private final int maxWaits;
    private final Semaphore waits;

    ProductExtractService(
            WorkflowSubmitter submitter,
            JobStore store,
            JobQueue queue,
            JobEnds ends,
            Optional<CatalogSource> catalog,
            Duration defaultWait,
            int maxWaits) {
        this.submitter = submitter;
        this.store = store;
        this.queue = queue;
        this.ends = ends;
        this.catalog = catalog;
        this.defaultWait = defaultWait;
        this.maxWaits = maxWaits;
        this.waits = new Semaphore(maxWaits);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/extract-by-url", this::byUrl)
                .post("/extract-by-product-set", this::byProductSet)
                .post("/extract-by-id", this::byProductId);
    }

    private void byUrl(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req, Set.of("url", "timeout_ms"));
        JsonNode url = body.path("url");
        if (url.isMissingNode() || url.isNull()) {
            throw ApiException.badRequest(
                    "missing_field", "url is required: a product URL of a supported platform", "url");
        }
        if (!url.isTextual() || url.asText().isBlank()) {
            throw ApiException.badRequest("invalid_field", "url must be a non-empty string", "url");
        }
        ObjectNode params =
                Json.MAPPER.createObjectNode().put("url", url.asText().trim());
        run(req, res, URL_WORKFLOW, params, timeout(body));
    }

    private void byProductSet(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req, Set.of("product_set_id", "update", "timeout_ms"));
        String productSetId = identifier(body, "product_set_id");
        JsonNode update = body.path("update");
        if (!update.isMissingNode() && !update.isNull() && !update.isBoolean()) {
            throw ApiException.badRequest("invalid_field", "update must be true or false", "update");
        }
        // every field is checked before the catalog is asked: bad input is a 400 whether or not there is one
        Duration timeout = timeout(body);
        requireRows(
                CatalogFilter.productSet(productSetId),
                "product_set_not_found",
                "no catalog row has product_set_id '" + productSetId + "'",
                "product_set_id");
        ObjectNode params = Json.MAPPER
                .createObjectNode()
                .put("product_set_id", productSetId)
                .put("update", update.asBoolean(false));
        run(req, res, PRODUCT_SET_WORKFLOW, params, timeout);
    }

    private void byProductId(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req, Set.of("product_id", "timeout_ms"));
        String productId = identifier(body, "product_id");
        Duration timeout = timeout(body);
        requireRows(
                new CatalogFilter(null, null, productId, 1, false),
                "product_not_found",
                "no catalog row has product_id '" + productId + "'",
                "product_id");
        run(req, res, PRODUCT_WORKFLOW, Json.MAPPER.createObjectNode().put("product_id", productId), timeout);
    }

    private static ObjectNode body(ServerRequest req, Set<String> accepted) {
        ObjectNode body = JsonBodies.object(req);
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!accepted.contains(name)) {
                throw ApiException.badRequest(
                        "unknown_field",
                        "unknown field '" + name + "' (accepted: "
                                + String.join(", ", accepted.stream().sorted().toList()) + ")",
                        name);
            }
        }
        return body;
    }

    private static String identifier(ObjectNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw ApiException.badRequest("missing_field", field + " is required", field);
        }
        if (!(value.isTextual() && !value.asText().isBlank()) && !value.isIntegralNumber()) {
            throw ApiException.badRequest("invalid_field", field + " must be a non-empty string or an integer", field);
        }
        if (value.asText().chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field", field + " must not hold control characters", field);
        }
        return value.asText().trim();
    }

    private Duration timeout(ObjectNode body) {
        JsonNode value = body.path("timeout_ms");
        if (value.isMissingNode() || value.isNull()) {
            return defaultWait;
        }
        if (!Json.isIntegerIn(value, 0, MAX_TIMEOUT_MS)) {
            throw ApiException.badRequest(
                    "invalid_field", "timeout_ms must be an integer from 0 to " + MAX_TIMEOUT_MS, "timeout_ms");
        }
        return Duration.ofMillis(value.asLong());
    }

    /**
     * 404 before anything is queued when the catalog has no row matching {@code filter} (which reads at most a
     * row or so: a product_set_id, or a limit of 1); the job would only fail later.
     */
    private void requireRows(CatalogFilter filter, String code, String message, String field) {
        CatalogSource source = catalog.orElseThrow(() -> new ApiException(
                503,
                "catalog_unavailable",
                "no catalog database is configured on the API (set CATALOG_JDBC_URL)",
                null));
        boolean[] found = {false};
        try {
            source.read(filter, row -> found[0] = true);
        } catch (CatalogException e) {
            throw new ApiException(503, "catalog_unavailable", e.getMessage(), null);
        }
        if (!found[0]) {
            throw ApiException.notFound(code, message + " in " + source.describe(), field);
        }
    }

    private void run(ServerRequest req, ServerResponse res, String workflowId, ObjectNode params, Duration timeout) {
        if (!waits.tryAcquire()) {
            throw ApiException.limited(
                    503,
                    "too_many_extract_waits",
                    maxWaits + " extract requests are waiting for "
                            + "their jobs already, the most MAX_EXTRACT_WAITS allows; retry shortly",
                    WAITS_FULL_RETRY_AFTER);
        }
        try {
            runAndWait(req, res, workflowId, params, timeout);
        } finally {
            waits.release();
        }
    }

    private void runAndWait(
            ServerRequest req, ServerResponse res, String workflowId, ObjectNode params, Duration timeout) {
        WorkflowSubmitter.Submitted job;
        try {
            ObjectNode metadata = Json.MAPPER.createObjectNode().put("requested_by", "api:" + workflowId);
            job = submitter.submit(workflowId, 0, params, metadata);
        } catch (SubmissionRejected e) {
            if (e.reason() == SubmissionRejected.Reason.QUEUE_FULL) {
                throw ApiException.queueFull(e.getMessage());
            }
            int status = e.reason() == SubmissionRejected.Reason.UNKNOWN_WORKFLOW ? 503 : 400;
            // the body's fields are the workflow's params: name them as the caller sent them
            String field = e.field() != null && e.field().startsWith("params.")
                    ? e.field().substring(7)
                    : e.field();
            throw new ApiException(status, e.code(), e.getMessage().replaceFirst("^params\\.", ""), field);
        }
        // timeout_ms 0 asks not to wait: the job's status is read once, and the connection is not watched
        WaitEnd end = timeout.isZero() ? endedNow(job) : awaitEnd(job, timeout, ClientHangUp.watch(req, res));
        Optional<JobRecord> finished = end == WaitEnd.JOB_ENDED
                ? store.find(job.jobId()).filter(record -> record.status().finished())
                : Optional.empty();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", job.jobId());
        data.put("workflow_id", job.workflowId());
        data.put("platform", job.platform());
        if (finished.isEmpty()) {
            if (end == WaitEnd.CLIENT_LEFT) {
                clientLeft(job);
            } else {
                LogEvent.info(
                        LOG,
                        "extract.answered_later",
                        "job_id",
                        job.jobId(),
                        "platform",
                        job.platform(),
                        "workflow_id",
                        workflowId,
                        "waited_ms",
                        timeout.toMillis());
            }
            data.put(
                    "status",
                    store.find(job.jobId()).map(j -> j.status().wireName()).orElse("pending"));
            data.put("follow", "/api/v2/jobs/" + job.jobId());
            ApiResponses.ok(res, 202, data);
            return;
        }
        JobRecord record = finished.get();
        List<JsonNode> results = results(record.jobId());
        data.put("status", record.status().wireName());
        data.put("error", record.error());
        data.put("summary", record.summary());
        data.put("results", results);
        if (workflowId.equals(PRODUCT_WORKFLOW)) {
            data.put("by_platform", byPlatform(results));
        }
        ApiResponses.ok(res, 200, data);
    }

    /** How a wait ended. */
    private enum WaitEnd {
        JOB_ENDED,
        TIMED_OUT,
        CLIENT_LEFT
    }

    private WaitEnd endedNow(WorkflowSubmitter.Submitted job) {
        return store.find(job.jobId()).map(record -> record.status().finished()).orElse(false)
                ? WaitEnd.JOB_ENDED
                : WaitEnd.TIMED_OUT;
    }

    /** Waits for the job's end, the timeout or the client's leaving, whichever comes first. */
    private WaitEnd awaitEnd(WorkflowSubmitter.Submitted job, Duration timeout, CompletableFuture<Void> clientGone) {
        try (JobEnds.Wait wait = ends.await(job.jobId(), job.platform())) {
            if (!wait.ended().isDone()) {
                CompletableFuture.anyOf(wait.ended(), clientGone).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (wait.ended().isDone()) {
                return WaitEnd.JOB_ENDED;
            }
            return clientGone.isDone() ? WaitEnd.CLIENT_LEFT : WaitEnd.TIMED_OUT;
        } catch (TimeoutException e) {
            return WaitEnd.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WaitEnd.TIMED_OUT;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a wait's future failed", e.getCause());
        }
    }

    /**
     * The caller hung up before its job ended: nobody will read a job that has not started, so it is cancelled
     * (extract jobs of callers who left do not pile up in the queue); a running one is left to finish, readable
     * through the job history.
     */
    private void clientLeft(WorkflowSubmitter.Submitted job) {
        JobQueue.Cancellation cancelled = queue.cancelIfQueued(job.jobId());
        LogEvent.info(
                LOG,
                "extract.client_left",
                "job_id",
                job.jobId(),
                "platform",
                job.platform(),
                "workflow_id",
                job.workflowId(),
                "job",
                switch (cancelled) {
                    case CANCELLED -> "cancelled";
                    case LEFT_RUNNING -> "left_running";
                    default -> "ended";
                });
    }

    private List<JsonNode> results(String jobId) {
        List<JsonNode> items = new ArrayList<>();
        for (String item : store.results(jobId, 0, MAX_INLINE_RESULTS)) {
            try {
                items.add(Json.MAPPER.readTree(item));
            } catch (IOException e) {
                throw new UncheckedIOException("job " + jobId + " holds a result that is not JSON", e);
            }
        }
        return items;
    }

    /** The results grouped by the platform that scanned them, in the order platforms first appear. */
    private static Map<String, List<JsonNode>> byPlatform(List<JsonNode> results) {
        Map<String, List<JsonNode>> grouped = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String platform = result.path("platform").isTextual()
                    ? result.path("platform").asText()
                    : "unknown";
            grouped.computeIfAbsent(platform, p -> new ArrayList<>()).add(result);
        }
        return grouped;
    }
}
