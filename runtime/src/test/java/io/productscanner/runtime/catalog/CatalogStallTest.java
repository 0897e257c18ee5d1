package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.testing.StallingProxy;
import io.productscanner.runtime.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stalled Postgres: a real one behind a loopback proxy that stops forwarding, as a hung server or a dropped network
 * looks from the scanner. The catalog work fails by its timeout with a message naming the catalog and the setting,
 * the stalled connection is discarded, and once Postgres answers again the next work succeeds on a fresh connection,
 * with no connection or thread left behind. The figures are printed ({@code catalog-stall:} lines in the test's
 * output file).
 */
class CatalogStallTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WORKFLOW = "catalog-read";
    private static final String APPLICATION = "product-scanner";

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    @TempDir
    static Path root;

    private static CatalogDatabase direct;
    private static StallingProxy proxy;
    private static CatalogDatabase proxied;
    private static EmbeddedRedis redis;

    @BeforeAll
    static void start() throws Exception {
        direct = postgres.database();
        TestPostgres.execute(direct, CatalogSamples.createTable("product_sets"));
        CatalogSamples.insert(direct, "product_sets", CatalogSamples.ROWS);
        proxy = StallingProxy.start("127.0.0.1", postgres.port());
        proxied = new CatalogDatabase(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/catalog_test", direct.user(), direct.password());
        redis = EmbeddedRedis.start(EmbeddedRedis.Options.throwaway());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aStatementStalledInFlightFailsBySocketTimeoutAndItsConnectionIsDiscarded() throws Exception {
        Map<String, String> settings = Map.of(
                "CATALOG_POOL_SIZE", "1",
                "CATALOG_SOCKET_TIMEOUT_SECONDS", "2",
                "CATALOG_STATEMENT_TIMEOUT_MS", "1000");
        try (CatalogPool pool = TestPostgres.pool(proxied, settings)) {
            int before = backendPid(pool);
            // a page of one row: the second page's statement is sent on the same connection, into the stall
            PostgresCatalog catalog = new PostgresCatalog(pool, CatalogSchema.defaults(), 1);
            AtomicBoolean first = new AtomicBoolean(true);
            long started = System.nanoTime();
            CatalogException failure;
            try {
                failure = assertThrows(
                        CatalogException.class,
                        () -> catalog.read(CatalogFilter.all(), row -> {
                            if (first.getAndSet(false)) {
                                proxy.stall();
                            }
                        }));
            } finally {
                proxy.resume();
            }
            long failedAfterMs = (System.nanoTime() - started) / 1_000_000;

            assertTrue(
                    failure.getMessage().startsWith("cannot read catalog table product_sets: ")
                            && failure.getMessage().contains("(SQLState 08006)")
                            && failure.getMessage()
                                    .contains("no answer from " + proxied.displayUrl()
                                            + " within CATALOG_SOCKET_TIMEOUT_SECONDS=2; the connection was discarded"),
                    failure.getMessage());
            // the pool holds one connection at most: a fresh backend proves the stalled one was not handed back
            int after = backendPid(pool);
            assertNotEquals(before, after);
            awaitTrue(() -> !backendPids().contains(before), "the stalled connection's backend ended");
            assertEquals(
                    List.of("ps-01", "ps-02"),
                    CatalogSamples.ids(catalog, CatalogFilter.all()).subList(0, 2));
            System.out.println("catalog-stall: statement in flight failed after " + failedAfterMs
                    + " ms (socket timeout 2 s); backend " + before + " discarded, next work on backend " + after);
        }
    }

    @Test
    void aStatementWaitingOnALockIsCancelledByTheStatementTimeoutAndKeepsItsConnection() throws Exception {
        Map<String, String> settings = Map.of("CATALOG_POOL_SIZE", "1", "CATALOG_STATEMENT_TIMEOUT_MS", "500");
        try (CatalogPool pool = TestPostgres.pool(direct, settings);
                Connection holder = TestPostgres.connect(direct)) {
            int before = backendPid(pool);
            ProductSetUpdater updater =
                    new ProductSetUpdater(pool, CatalogSchema.defaults(), "stall_history", 10, Optional.empty());
            // another session holds ps-01's row lock: the update's SELECT ... FOR UPDATE waits on it
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("SELECT * FROM product_sets WHERE product_set_id = 'ps-01' FOR UPDATE");
            }
            CatalogException failure;
            try {
                failure = assertThrows(
                        CatalogException.class,
                        () -> updater.apply(
                                List.of(new ProductSetChange("ps-01", ProductField.PRODUCT_NAME, "토너 200ml", "x")),
                                "job-locked",
                                false));
            } finally {
                holder.rollback();
            }

            assertTrue(
                    failure.getMessage().contains("canceling statement due to statement timeout")
                            && failure.getMessage().endsWith("(SQLState 57014) (CATALOG_STATEMENT_TIMEOUT_MS=500)"),
                    failure.getMessage());
            assertEquals(before, backendPid(pool), "a cancelled statement keeps its connection");
        }
    }

    @Test
    void aJobDuringTheStallFailsByItsTimeoutTheApiAnswers503AndNothingLeaks() throws Exception {
        Path workflows = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(workflows.resolve("catalog-read.json"), """
                {"workflow_id": "%s", "start_node": "fetch",
                 "nodes": {"fetch": {"type": "fetch_product",
                                     "config": {"source": "catalog", "link_url_pattern": "%%"}}}}""".formatted(WORKFLOW));
        try (ScannerProcess serve = ScannerProcess.start(settings(), ScannerProcess.Role.ALL)) {
            assertEquals("completed", runJob(serve).path("status").asText());
            awaitTrue(() -> meter(serve, "hikaricp_connections_active") == 0, "the warm-up job's connection is back");
            assertEquals(2, meter(serve, "hikaricp_connections_max"));
            assertEquals(0, meter(serve, "hikaricp_connections_min"));
            assertEquals(0, meter(serve, "hikaricp_connections_pending"));
            assertEquals(meter(serve, "hikaricp_connections"), meter(serve, "hikaricp_connections_idle"));
            assertTrue(meter(serve, "hikaricp_connections_acquire_seconds_count") >= 1);
            assertTrue(meter(serve, "hikaricp_connections_usage_seconds_count") >= 1);
            assertTrue(meter(serve, "hikaricp_connections_creation_seconds_count") >= 1);
            Set<Integer> poolBackends = backendPids();
            assertEquals((int) meter(serve, "hikaricp_connections"), poolBackends.size(), "one backend per connection");
            awaitTrue(
                    () -> poolThreads().stream().noneMatch(name -> name.contains("connection-adder")),
                    "the pool's adder thread has gone idle");
            long threadsBefore = threads();
            List<String> poolThreadsBefore = poolThreads();
            double timeoutsBefore = meter(serve, "hikaricp_connections_timeout_total");

            proxy.stall();
            long jobFailedMs;
            long apiAnsweredMs;
            HttpResponse<String> refused;
            JsonNode failed;
            try {
                long started = System.nanoTime();
                failed = runJob(serve);
                jobFailedMs = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                refused = send(
                        serve, "POST", "/api/v2/products/extract-by-product-set", "{\"product_set_id\": \"ps-01\"}");
                apiAnsweredMs = (System.nanoTime() - started) / 1_000_000;
            } finally {
                proxy.resume();
            }

            assertEquals("failed", failed.path("status").asText(), failed.toString());
            String error = failed.path("error").asText();
            assertTrue(
                    error.startsWith("node 'fetch': ")
                            && error.contains("catalog database " + proxied.displayUrl())
                            && error.contains("CATALOG_ACQUIRE_TIMEOUT_MS=2000"),
                    error);
            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode envelope = Json.read(refused.body()).path("error");
            assertEquals("catalog_unavailable", envelope.path("code").asText(), refused.body());
            assertTrue(envelope.path("message").asText().contains("CATALOG_ACQUIRE_TIMEOUT_MS=2000"), refused.body());
            double timeouts = meter(serve, "hikaricp_connections_timeout_total") - timeoutsBefore;
            assertTrue(timeouts >= 2, "the job's and the API's waits both timed out: " + timeouts);

            // Postgres answers again: the next job and the API work on fresh connections
            assertEquals("completed", runJob(serve).path("status").asText());
            HttpResponse<String> missing =
                    send(serve, "POST", "/api/v2/products/extract-by-product-set", "{\"product_set_id\": \"nope\"}");
            assertEquals(404, missing.statusCode(), missing.body());
            awaitTrue(() -> meter(serve, "hikaricp_connections_active") == 0, "every connection is back in the pool");
            awaitTrue(
                    () -> backendPids().size() == (int) meter(serve, "hikaricp_connections"),
                    "Postgres holds exactly the pool's connections");
            Set<Integer> discarded = new HashSet<>(poolBackends);
            discarded.removeAll(backendPids());
            assertEquals(poolBackends, discarded, "the connections of before the stall were all discarded");
            awaitTrue(() -> poolThreads().size() <= poolThreadsBefore.size(), "the pool's threads are back to before");
            awaitTrue(() -> threads() <= threadsBefore, "no thread is left behind");
            System.out.println("catalog-stall: job failed after " + jobFailedMs + " ms, API answered 503 after "
                    + apiAnsweredMs + " ms (acquire timeout 2 s, socket timeout 2 s); acquire timeouts " + timeouts
                    + "; connections discarded " + discarded.size() + " of " + poolBackends.size()
                    + "; backends now " + backendPids().size() + " = pool total "
                    + (int) meter(serve, "hikaricp_connections") + "; threads before " + threadsBefore + " after "
                    + threads() + " (pool threads " + poolThreadsBefore + " -> " + poolThreads() + ")");
        }
        awaitTrue(() -> backendPids().isEmpty(), "the pool closed its connections with the process");
    }

    private static Settings settings() throws Exception {
        Map<String, String> values = new HashMap<>(Map.of(
                "REDIS_URL",
                redis.url(),
                "REDIS_KEY_PREFIX",
                new RedisKeys("stall-" + UUID.randomUUID().toString().substring(0, 8) + ":").prefix(),
                "SERVICE_NAME",
                "stall-under-test",
                "HOST",
                "127.0.0.1",
                "PORT",
                "0",
                "PLUGIN_DIR",
                Files.createDirectories(root.resolve("plugins")).toString(),
                "WORKER_PLATFORMS",
                "default",
                "WORKFLOWS_DIR",
                root.resolve("workflows").toString(),
                "RESULTS_DIR",
                root.resolve("results").toString(),
                "MAX_ATTEMPTS",
                "1"));
        values.putAll(Map.of(
                "CATALOG_JDBC_URL", proxied.jdbcUrl(),
                "CATALOG_JDBC_USER", proxied.user(),
                "CATALOG_POOL_SIZE", "2",
                "CATALOG_ACQUIRE_TIMEOUT_MS", "2000",
                "CATALOG_CONNECT_TIMEOUT_SECONDS", "1",
                "CATALOG_SOCKET_TIMEOUT_SECONDS", "2",
                "CATALOG_STATEMENT_TIMEOUT_MS", "1000"));
        if (proxied.password() != null) {
            values.put("CATALOG_JDBC_PASSWORD", proxied.password());
        }
        return Settings.of(values);
    }

    private static JsonNode runJob(ScannerProcess serve) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("workflow_id", WORKFLOW);
        body.putObject("params");
        HttpResponse<String> accepted = send(serve, "POST", "/api/v2/workflows/execute", Json.write(body));
        assertEquals(202, accepted.statusCode(), accepted.body());
        String jobId = Json.read(accepted.body()).path("data").path("job_id").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = Json.read(
                            send(serve, "GET", "/api/v2/jobs/" + jobId, null).body())
                    .path("data");
            if (List.of("completed", "failed", "cancelled")
                    .contains(job.path("status").asText())) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static HttpResponse<String> send(ScannerProcess process, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + process.apiPort().orElseThrow() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A catalog pool meter's value, as {@code /observe/metrics} serves it. */
    private static double meter(ScannerProcess serve, String name) {
        try {
            String text = send(serve, "GET", "/observe/metrics", null).body();
            return text.lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains("pool=\"catalog\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + "{pool=\"catalog\"} in\n" + text));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int backendPid(CatalogPool pool) throws SQLException {
        try (Connection connection = pool.connection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** The backends of the scanner's connections, as Postgres sees them (asked directly, not through the proxy). */
    private static Set<Integer> backendPids() {
        try (Connection connection = TestPostgres.connect(direct);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT pid FROM pg_stat_activity WHERE application_name = '" + APPLICATION + "'")) {
            Set<Integer> pids = new HashSet<>();
            while (result.next()) {
                pids.add(result.getInt(1));
            }
            return pids;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Live threads of this JVM, the proxy's own left out. */
    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !thread.getName().startsWith(StallingProxy.THREAD_NAME))
                .count();
    }

    /** The pool's (HikariCP's) and the driver's threads, by name. */
    private static List<String> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(CatalogPool.NAME + ":") || name.startsWith("PostgreSQL"))
                .sorted()
                .toList();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(100);
        }
        System.out.println("catalog-stall: " + what + " after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
