package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The synchronous extract endpoints' waits, through the real API on a real Redis: they wake on their job's end
 * instead of polling for it, they end when their client hangs up, and no more than {@code MAX_EXTRACT_WAITS} run
 * at once. No worker serves the extract queue here: each test ends its job through the queue itself.
 */
class ExtractWaitTest {
    @RegisterExtension
    static final LoadApi api = LoadApi.perClass(10_000, new ApiLimits(1, 1000));

    private static String body(long timeoutMs) {
        return "{\"url\": \"https://shop.example/products/1\", \"timeout_ms\": " + timeoutMs + "}";
    }

    private static CompletableFuture<HttpResponse<String>> extract(long timeoutMs) {
        return api.http()
                .sendAsync(
                        api.postRequest(LoadApi.EXTRACT_BY_URL, body(timeoutMs), Duration.ofSeconds(90)),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The id of the one job queued on the extract queue, once it is there and the API waits for it. */
    private static String waitedJob() throws InterruptedException {
        var redis = api.redis().connections().commands();
        String channel = api.redis().keys().jobEnded(LoadApi.EXTRACT_PLATFORM);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> queued = List.of();
        while (queued.size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            queued = redis.zrange(api.redis().keys().queue(LoadApi.EXTRACT_PLATFORM), 0, -1);
        }
        assertEquals(1, queued.size(), "one extract job queued within 10 s");
        // the wait listens on the platform's job-ended channel, then reads the job's status once
        long listening = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (redis.pubsubNumsub(channel).getOrDefault(channel, 0L) == 0 && System.nanoTime() < listening) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        return queued.getFirst();
    }

    /** Reads of job records: what a polling waiter sends. */
    private static long jobReads() {
        return api.calls("hgetall") + api.calls("hget");
    }

    @Test
    void aWaitWakesOnItsJobsEndWithoutPollingRedis() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = extract(60_000);
        String jobId = waitedJob();

        long before = jobReads();
        Thread.sleep(1000);
        long reads = jobReads() - before;
        // polling every 50 ms read the job about 20 times a second; the one shared safety check reads it every 3 s
        assertTrue(reads <= 1, "a waiting request read its job " + reads + " times in a second");

        ClaimedJob claimed = api.queue()
                .claim(LoadApi.EXTRACT_PLATFORM, "test-lease", "test-worker")
                .orElseThrow();
        assertEquals(jobId, claimed.jobId());
        long ended = System.nanoTime();
        assertTrue(api.queue().complete(claimed, JobOutcome.completed(null)));
        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        long wokenMs = (System.nanoTime() - ended) / 1_000_000;
        System.out.println("extract wait answered " + wokenMs + " ms after its job ended");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("completed", ApiEnvelope.data(response).path("status").asText());
        assertEquals(jobId, ApiEnvelope.data(response).path("job_id").asText());
        // the safety check runs every 3 s: an answer well within that came from the job's end being published
        assertTrue(wokenMs < 1000, "answered " + wokenMs + " ms after the job ended");
    }

    @Test
    void aClientThatHangsUpEndsItsWaitAndItsQueuedJob() throws Exception {
        String jobId;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5000);
            byte[] body = body(300_000).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + LoadApi.EXTRACT_BY_URL + " HTTP/1.1\r\nHost: 127.0.0.1:" + api.port()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            jobId = waitedJob();
        }
        // the client has gone: its wait ends and its job, which nobody can read now, leaves the queue
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline
                && api.store().find(jobId).orElseThrow().status() != JobStatus.CANCELLED) {
            Thread.sleep(10);
        }
        assertEquals(
                JobStatus.CANCELLED,
                api.store().find(jobId).orElseThrow().status(),
                "the queued job of a client that left is cancelled within a second");
        assertEquals(0, api.queued(LoadApi.EXTRACT_PLATFORM));

        Thread.sleep(200);
        long before = api.allCalls();
        Thread.sleep(1000);
        // the second INFO counts the first one; nothing else may reach Redis
        long commands = api.allCalls() - before - 1;
        assertTrue(commands <= 0, commands + " Redis commands in the second after the client left");

        // and its place among the MAX_EXTRACT_WAITS (1 here) is free again
        HttpResponse<String> next = extract(0).get(20, TimeUnit.SECONDS);
        assertEquals(202, next.statusCode(), next.body());
        api.queue().cancel(ApiEnvelope.data(next).path("job_id").asText());
    }

    @Test
    void listeningForHangUpsKeepsHelidonsOwnRefusals() throws Exception {
        // the HTTP/1 set-up that tells the API of each connection replaces Helidon's default one, refusals included
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/v2/jobs/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: 127.0.0.1:" + api.port()
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 414", answer);
        }
    }

    @Test
    void badInputIsA400NamingTheFieldEvenWithoutACatalog() throws Exception {
        // no CATALOG_JDBC_URL here: a well-formed request would be a 503, a malformed one must still be a 400
        for (String[] request : new String[][] {
            {"/api/v2/products/extract-by-product-set", "{\"product_set_id\": \"1\", \"timeout_ms\": \"10\"}"},
            {"/api/v2/products/extract-by-id", "{\"product_id\": \"1\", \"timeout_ms\": -1}", "timeout_ms"},
            {"/api/v2/products/extract-by-product-set", "{\"product_set_id\": \"\\u0000\"}", "product_set_id"},
            {"/api/v2/products/extract-by-id", "{\"product_id\": \"1\\n2\"}", "product_id"}
        }) {
            HttpResponse<String> refused = api.post(request[0], request[1]);
            assertEquals(400, refused.statusCode(), request[1] + ": " + refused.body());
            assertEquals(
                    request.length > 2 ? request[2] : "timeout_ms",
                    ApiEnvelope.error(refused).path("field").asText());
        }
        HttpResponse<String> noCatalog = api.post("/api/v2/products/extract-by-id", "{\"product_id\": \"1\"}");
        assertEquals(503, noCatalog.statusCode(), noCatalog.body());
    }

    @Test
    void waitsPastTheLimitAre503sAndQueueNothing() throws Exception {
        CompletableFuture<HttpResponse<String>> first = extract(60_000);
        String jobId = waitedJob();

        HttpResponse<String> refused = api.post(LoadApi.EXTRACT_BY_URL, body(60_000));
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals(
                "too_many_extract_waits",
                ApiEnvelope.error(refused).path("code").asText());
        assertTrue(ApiEnvelope.error(refused).path("message").asText().contains("MAX_EXTRACT_WAITS"), refused.body());
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals(1, api.queued(LoadApi.EXTRACT_PLATFORM), "the refused request queued no job");

        assertEquals(
                jobId,
                api.queue()
                        .claim(LoadApi.EXTRACT_PLATFORM, "test-lease", "test-worker")
                        .map(claimed ->
                                api.queue().complete(claimed, JobOutcome.completed(null)) ? claimed.jobId() : null)
                        .orElseThrow());
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
    }
}
