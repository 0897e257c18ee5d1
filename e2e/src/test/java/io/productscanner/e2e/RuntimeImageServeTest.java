package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.testing.OtlpReceiver;
import io.productscanner.runtime.testing.OtlpReceiver.ReceivedSpan;
import io.productscanner.runtime.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlink runtime image that scripts/build-runtime-image.sh links (the one docker/Dockerfile.dev ships) runs
 * the distribution: {@code serve} started by the distribution's own launcher with JAVA_HOME at the image, a
 * musinsa job submitted against the site mirror runs to completion (its trace exported over OTLP), and the
 * containers' health check script reads the API's health. Its Postgres catalog is reached through the HikariCP
 * pool on the image's Java.
 */
class RuntimeImageServeTest {
    private static final Path ROOT = RuntimeImage.ROOT;
    private static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror"));

    @TempDir
    static Path work;

    private static TestPostgres postgres;
    private static MirroredServe serving;
    private static OtlpReceiver traces;
    private static Path image;
    private static String scriptOutput;

    @BeforeAll
    static void buildImageAndServe() throws Exception {
        image = work.resolve("runtime-image");
        RuntimeImage.Finished built = RuntimeImage.build(image);
        scriptOutput = built.output();
        assertEquals(0, built.exitCode(), built.output());
        System.out.println(built.output().strip());

        postgres = TestPostgres.start();
        CatalogDatabase catalog = postgres.database();
        TestPostgres.execute(
                catalog,
                "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, product_name text, "
                        + "link_url text, thumbnail text, sale_status text, original_price integer, "
                        + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)");
        // tracing on, exporting to a loopback receiver: the SDK and its exporter work on the image too
        traces = OtlpReceiver.start();
        serving = MirroredServe.start(
                FIXTURES,
                work,
                Map.of(
                        "JAVA_HOME",
                        image.toString(),
                        "MUSINSA_PACING_MS",
                        "0",
                        "CATALOG_JDBC_URL",
                        catalog.jdbcUrl(),
                        "CATALOG_JDBC_USER",
                        catalog.user(),
                        "CATALOG_JDBC_PASSWORD",
                        catalog.password() == null ? "" : catalog.password(),
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        traces.endpoint(),
                        "OTEL_BSP_SCHEDULE_DELAY",
                        "100"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void aMusinsaJobRunsToCompletionOnTheImagesJava() throws Exception {
        Api.Reply submitted = serving.api().post("/api/v2/workflows/execute", """
                {"workflow_id": "musinsa-validation-v2", "params": {"products": [
                   {"url": "https://www.musinsa.com/products/3674341",
                    "expected": {"original_price": 19900, "discounted_price": 14900, "sale_status": "on_sale"}},
                   {"url": "https://store.musinsa.com/app/goods/1843690", "expected": {"sale_status": "on_sale"}},
                   {"url": "https://www.musinsa.com/products/1000001", "expected": {"sale_status": "not_found"}}
                 ]}}""");
        assertEquals(202, submitted.status(), submitted.raw());
        String jobId = submitted.body().path("data").path("job_id").asText();

        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));
        assertEquals("completed", job.path("status").asText(), job.toString());
        JsonNode summary = job.path("result").path("summary");
        assertEquals(3, summary.path("total").asInt(), summary.toString());
        assertEquals(2, summary.path("success").asInt(), summary.toString());
        assertEquals(1, summary.path("not_found").asInt(), summary.toString());
        assertEquals(2, summary.path("match").asInt(), summary.toString());
        assertEquals(1, summary.path("mismatch").asInt(), "1843690 is sold out: " + summary);
        JsonNode items = serving.api()
                .get("/api/v2/jobs/" + jobId + "/results")
                .body()
                .path("data")
                .path("items");
        assertEquals(
                14900, items.get(0).path("fetched").path("discounted_price").asLong(), items.toString());
        assertEquals(
                1,
                serving.mirror().requestCount("goods-detail.musinsa.com/api2/goods/3674341"),
                serving.mirror().requestCounts().toString());
        assertTrue(
                serving.server()
                        .output()
                        .contains("event=job.finished job_id=" + jobId + " platform=musinsa status=completed"),
                serving.server().output());
        String metrics = serving.api().get("/observe/metrics").raw();
        assertTrue(metrics.contains("scanner_jobs_total"), "metrics work on the image");
        List<ReceivedSpan> spans = traces.awaitSpan(
                span -> span.name().equals("process musinsa") && jobId.equals(span.attribute("scanner.job_id")),
                Duration.ofSeconds(30));
        ReceivedSpan run = spans.stream()
                .filter(span -> span.name().equals("process musinsa"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job span exported from the image: " + spans));
        assertEquals(
                3,
                spans.stream()
                        .filter(span -> span.name().equals("scan product")
                                && span.traceId().equals(run.traceId()))
                        .count(),
                "the job's trace, exported from the image: " + spans);
        // the JVM meters read jdk.management's MXBeans, linked into the image
        for (String jvm :
                List.of("process_cpu_usage{", "process_files_open_files{", "jvm_gc_memory_allocated_bytes_total{")) {
            assertTrue(metrics.contains("\n" + jvm), jvm + " on the image");
        }
    }

    @Test
    void theCatalogPoolConnectsOnTheImage() throws Exception {
        Api.Reply missing =
                serving.api().post("/api/v2/products/extract-by-product-set", "{\"product_set_id\": \"none\"}");

        assertEquals(404, missing.status(), missing.raw());
        assertEquals(
                "product_set_not_found",
                missing.body().path("error").path("code").asText(),
                missing.raw());
        String metrics = serving.api().get("/observe/metrics").raw();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("hikaricp_connections_max{")
                                && line.contains("pool=\"catalog\"")
                                && line.endsWith(" 4.0")),
                metrics);
    }

    @Test
    void theOpenApiDocumentIsServedOnTheImage() throws Exception {
        Api.Reply document = serving.api().get("/openapi");

        assertEquals(200, document.status(), document.raw());
        assertTrue(document.raw().contains("openapi: 3.1.0"), document.raw());
        assertTrue(document.raw().contains("/api/v2/workflows/execute:"), document.raw());
    }

    @Test
    void theProcessRunsTheImagesJavaOnTheModulePath() {
        String command = serving.server().handle().info().command().orElseThrow();
        assertEquals(image.resolve("bin/java").toString(), command, "the launcher takes JAVA_HOME");
        List<String> arguments =
                List.of(serving.server().handle().info().arguments().orElseThrow());
        assertTrue(arguments.contains("productscanner.runtime/io.productscanner.runtime.Main"), arguments.toString());
    }

    @Test
    void theImageHoldsTheListedModulesStrippedOfHeadersAndManPages() throws Exception {
        RuntimeImage.Finished listed = run(Map.of(), image.resolve("bin/java").toString(), "--list-modules");
        assertEquals(0, listed.exitCode(), listed.output());
        Set<String> modules = new TreeSet<>();
        listed.output()
                .lines()
                .forEach(l -> modules.add(l.replaceFirst("@.*", "").trim()));
        Set<String> wanted = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("distribution/src/jlink/jdk-modules.txt"))) {
            String module = line.replaceFirst("#.*", "").trim();
            if (!module.isEmpty()) {
                wanted.add(module);
            }
        }
        assertTrue(modules.containsAll(wanted), "image " + modules + " lacks some of " + wanted);
        for (String absent : List.of("java.desktop", "jdk.compiler", "jdk.jlink", "java.rmi")) {
            assertFalse(modules.contains(absent), absent + " is not needed and must not be linked");
        }
        // a Java runtime only: the application (and its tools) stay on the module path beside it
        assertTrue(modules.stream().noneMatch(module -> module.startsWith("productscanner")), modules.toString());
        assertFalse(Files.exists(image.resolve("include")), "no header files");
        assertFalse(Files.exists(image.resolve("man")), "no man pages");
        long bytes;
        try (Stream<Path> files = Files.walk(image)) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        System.out.printf("jlink runtime image: %.1f MiB, %d modules%n", bytes / 1048576.0, modules.size());
        assertTrue(scriptOutput.contains("runtime image: " + image), scriptOutput);
    }

    @Test
    void theContainerHealthCheckScriptReadsTheApisHealth() throws Exception {
        String script = ROOT.resolve("docker/healthcheck.sh").toString();
        RuntimeImage.Finished healthy = run(Map.of(), script, Integer.toString(serving.port()));
        assertEquals(0, healthy.exitCode(), healthy.output());
        int nobody = ScannerProcessHandle.freePort();
        RuntimeImage.Finished down = run(Map.of(), script, Integer.toString(nobody));
        assertEquals(1, down.exitCode(), down.output());
        assertTrue(down.output().contains("nothing listens on 127.0.0.1:" + nobody), down.output());
        RuntimeImage.Finished byPortSetting = run(Map.of("PORT", Integer.toString(serving.port())), script);
        assertEquals(0, byPortSetting.exitCode(), "without an argument it reads PORT: " + byPortSetting.output());
    }

    private static RuntimeImage.Finished run(Map<String, String> env, String... command) throws Exception {
        return RuntimeImage.run(env, work, command);
    }
}
