package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synchronous extract endpoints, through an API process, a musinsa worker and an extract worker (three real
 * processes on one Redis), against a site mirror and a real Postgres catalog. Besides musinsa, the plugin folder
 * holds the test-only platforms of {@code e2e/test-platforms} (alphashop over "API", betashop and gammashop as
 * browser stand-ins), so one product can be listed on four platforms today.
 */
class ExtractEndpointsTest {
    /** The musinsa batch that keeps the musinsa worker busy: this many products, each answering this slowly. */
    private static final int SLOW_PRODUCTS = 12;
    private static final long SLOW_MS = 600;

    @TempDir
    static Path work;
    private static TestPostgres postgres;
    private static CatalogDatabase catalog;
    private static SiteMirror mirror;
    private static TestRedisServer redis;
    private static ScannerProcessHandle apiProcess;
    private static ScannerProcessHandle musinsaWorker;
    private static ScannerProcessHandle extractWorker;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        catalog = postgres.database();
        TestPostgres.execute(catalog, "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, "
                + "product_name text, link_url text, thumbnail text, sale_status text, original_price integer, "
                + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)");
        // one musinsa row whose price dropped since; one product on four platforms, browser rows first by key
        row("ex-m1", "M-1", "무신사 상품 1", "https://www.musinsa.com/products/7100001", 30000, 25000);
        TestPostgres.execute(catalog, "UPDATE product_sets SET thumbnail = '" + MusinsaMirror.thumbnail(7100001)
                + "' WHERE product_set_id = 'ex-m1'");
        row("ex-p1", "P-100", "감마 상품", "https://gamma.test/goods/4001", 12000, 11000);
        row("ex-p2", "P-100", "베타 상품", "https://m.beta.test/goods/3001", 12000, 10000);
        row("ex-p3", "P-100", "무신사 상품 2", "https://www.musinsa.com/products/7100002", 12000, 9900);
        row("ex-p4", "P-100", "알파 상품", "https://alpha.test/goods/2001", 12000, 9500);

        MusinsaMirror site = new MusinsaMirror()
                .product(7100001, "무신사 상품 1", 30000, 24000, "SALE", 0)
                .product(7100002, "무신사 상품 2", 12000, 9900, "SALE", 0);
        for (int i = 1; i <= SLOW_PRODUCTS; i++) {
            site.product(7200000 + i, "느린 상품 " + i, 10000, 9000, "SALE", SLOW_MS);
        }
        Path mirrorDir = site.writeTo(work.resolve("mirror"));
        testHost(mirrorDir, "alpha.test", 2001, "알파 상품", 12000, 9500, 0);
        testHost(mirrorDir, "beta.test", 3001, "베타 상품", 12000, 10000, 300);
        testHost(mirrorDir, "gamma.test", 4001, "감마 상품", 12000, 11000, 300);
        mirror = SiteMirror.start(mirrorDir, 0);
        redis = new TestRedisServer();

        Map<String, String> common = new HashMap<>(Map.of("REDIS_URL", redis.url(), "PLUGIN_DIR",
                pluginDir().toString(), "SCANNER_SITE_MIRROR", mirror.url().toString(), "MUSINSA_PACING_MS", "0",
                "RESULTS_DIR", work.resolve("results").toString(), "CATALOG_JDBC_URL", catalog.jdbcUrl(),
                "CATALOG_JDBC_USER", catalog.user(), "CATALOG_JDBC_PASSWORD",
                catalog.password() == null ? "" : catalog.password()));
        int port = ScannerProcessHandle.freePort();
        apiProcess = ScannerProcessHandle.start(with(common, "PORT", Integer.toString(port), "SERVICE_NAME", "api"),
                "api");
        musinsaWorker = ScannerProcessHandle.start(with(common, "WORKER_PLATFORMS", "musinsa", "SERVICE_NAME",
                "musinsa-worker"), "worker");
        extractWorker = ScannerProcessHandle.start(with(common, "WORKER_PLATFORMS", "extract", "SERVICE_NAME",
                "extract-worker"), "worker");
        api = new Api(port);
        api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
        musinsaWorker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
        extractWorker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {extractWorker, musinsaWorker, apiProcess, redis, mirror,
                postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    /** The distribution's plugin folders plus one holding the test platforms' JAR, as an operator would drop it. */
    private static Path pluginDir() throws IOException {
        Path dir = work.resolve("plugins");
        try (Stream<Path> files = Files.walk(ScannerProcessHandle.DIST.resolve("plugins"))) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(ScannerProcessHandle.DIST.resolve("plugins").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path jar = Path.of(System.getProperty("test.platforms.jar"));
        Path folder = Files.createDirectories(dir.resolve("testplatforms"));
        Files.copy(jar, folder.resolve(jar.getFileName()));
        return dir;
    }

    private static void row(String productSetId, String productId, String name, String url, long original,
                            long discounted) throws Exception {
        try (Connection connection = catalog.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO product_sets VALUES (?, ?, ?, ?, NULL, 'on_sale', ?, ?, false, now())")) {
            insert.setString(1, productSetId);
            insert.setString(2, productId);
            insert.setString(3, name);
            insert.setString(4, url);
            insert.setLong(5, original);
            insert.setLong(6, discounted);
            insert.executeUpdate();
        }
    }

    /** A test platform's answer for one product, in the properties form its plugin reads. */
    private static void testHost(Path root, String host, long id, String name, long original, long price,
                                 long delayMillis) throws IOException {
        var routes = Api.JSON.createArrayNode();
        routes.addObject().put("method", "GET").put("path", "/api/goods/" + id).put("status", 200)
                .put("body", "name=" + name + "\noriginal=" + original + "\nprice=" + price + "\nstatus=on_sale\n")
                .put("delay_ms", delayMillis).putObject("headers").put("Content-Type", "text/plain;charset=UTF-8");
        Path dir = Files.createDirectories(root.resolve(host));
        Files.writeString(dir.resolve("routes.json"), routes.toString());
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Api.Reply extract(String endpoint, String body) throws Exception {
        return api.post("/api/v2/products/" + endpoint, body);
    }

    private static JsonNode completed(Api.Reply reply) throws IOException {
        assertEquals(200, reply.status(), reply.raw() + "\n" + extractWorker.output());
        JsonNode data = reply.body().path("data");
        assertEquals("completed", data.path("status").asText(), reply.raw());
        assertEquals("extract", data.path("platform").asText(), reply.raw());
        return data;
    }

    @Test
    void aUrlOfEveryPlatformIsScannedByTheExtractWorker() throws Exception {
        Map<String, List<String>> urls = Map.of(
                "https://www.musinsa.com/products/7100002", List.of("musinsa", "무신사 상품 2"),
                "https://www.musinsa.com/app/goods/7100002", List.of("musinsa", "무신사 상품 2"),
                "https://alpha.test/goods/2001", List.of("alphashop", "알파 상품"),
                "https://m.beta.test/goods/3001", List.of("betashop", "베타 상품"),
                "https://gamma.test/goods/4001/", List.of("gammashop", "감마 상품"));
        for (var entry : urls.entrySet()) {
            JsonNode data = completed(extract("extract-by-url", "{\"url\": \"" + entry.getKey() + "\"}"));
            JsonNode result = data.path("results").get(0);
            assertEquals(entry.getValue().get(0), result.path("platform").asText(), data.toString());
            assertEquals(entry.getValue().get(1), result.path("fetched").path("product_name").asText());
            assertEquals("success", result.path("status").asText());
            assertEquals(1, data.path("summary").path("success").asInt());
        }
        assertTrue(extractWorker.output().contains("event=extract.url_resolved"), "the extract worker ran them");
        assertTrue(!musinsaWorker.output().contains("extract-url-v2"), "the musinsa worker never saw them");
    }

    @Test
    void anUnsupportedUrlIsRefusedNamingTheSupportedPlatforms() throws Exception {
        Api.Reply reply = extract("extract-by-url", "{\"url\": \"https://www.coupang.com/vp/products/1\"}");
        assertEquals(400, reply.status(), reply.raw());
        JsonNode error = reply.body().path("error");
        assertEquals("url", error.path("field").asText());
        assertEquals("url is not a product URL of a supported platform (supported: ably, alphashop, betashop, gammashop, "
                + "hwahae, kurly, musinsa, oliveyoung, zigzag)", error.path("message").asText());

        Api.Reply viaWorkflow = api.post("/api/v2/workflows/execute", "{\"workflow_id\": \"extract-url-v2\", "
                + "\"params\": {\"url\": \"https://www.musinsa.com/brands/musinsastandard\"}}");
        assertEquals(400, viaWorkflow.status(), viaWorkflow.raw());
        assertEquals("params.url", viaWorkflow.body().path("error").path("field").asText());
        assertTrue(viaWorkflow.body().path("error").path("message").asText().contains("supported: alphashop"));
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", List.of("extract-by-url", "url"));
        cases.put("{\"url\": 5}", List.of("extract-by-url", "url"));
        cases.put("{\"url\": \"musinsa.com/products/1\"}", List.of("extract-by-url", "url"));
        cases.put("{\"url\": \"https://www.musinsa.com/products/1\", \"timeout_ms\": -1}",
                List.of("extract-by-url", "timeout_ms"));
        cases.put("{\"product_set_id\": {\"id\": 1}}", List.of("extract-by-product-set", "product_set_id"));
        cases.put("{\"product_set_id\": \"ex-m1\", \"update\": \"yes\"}", List.of("extract-by-product-set", "update"));
        cases.put("{\"product_id\": \"\"}", List.of("extract-by-id", "product_id"));
        cases.put("{\"product_id\": \"P-100\", \"platform\": \"musinsa\"}", List.of("extract-by-id", "platform"));
        for (var entry : cases.entrySet()) {
            Api.Reply reply = extract(entry.getValue().get(0), entry.getKey());
            assertEquals(400, reply.status(), entry.getKey() + " → " + reply.raw());
            assertEquals(entry.getValue().get(1), reply.body().path("error").path("field").asText(), reply.raw());
        }
    }

    @Test
    void aProductSetIdOrProductIdNotInTheCatalogIs404() throws Exception {
        Api.Reply missingSet = extract("extract-by-product-set", "{\"product_set_id\": \"ps-does-not-exist\"}");
        assertEquals(404, missingSet.status(), missingSet.raw());
        assertEquals("product_set_not_found", missingSet.body().path("error").path("code").asText());
        assertEquals("product_set_id", missingSet.body().path("error").path("field").asText());
        assertTrue(missingSet.body().path("error").path("message").asText().startsWith(
                "no catalog row has product_set_id 'ps-does-not-exist' in table product_sets"), missingSet.raw());

        Api.Reply missingProduct = extract("extract-by-id", "{\"product_id\": 424242}");
        assertEquals(404, missingProduct.status(), missingProduct.raw());
        assertEquals("product_not_found", missingProduct.body().path("error").path("code").asText());
        assertTrue(missingProduct.body().path("error").path("message").asText().contains("'424242'"));
    }

    @Test
    void aProductSetIsComparedAndWrittenBackOnlyWhenAsked() throws Exception {
        JsonNode report = completed(extract("extract-by-product-set", "{\"product_set_id\": \"ex-m1\"}"));
        JsonNode result = report.path("results").get(0);
        assertEquals("ex-m1", result.path("product_set_id").asText());
        assertEquals(false, result.path("comparison").path("discounted_price").asBoolean(true), result.toString());
        assertEquals(true, result.path("comparison").path("original_price").asBoolean(false), result.toString());
        assertEquals(1, report.path("summary").path("would_update").asInt(), report.toString());
        assertEquals(25000, price("ex-m1"), "without update: true nothing is written");

        JsonNode written = completed(extract("extract-by-product-set", "{\"product_set_id\": \"ex-m1\", "
                + "\"update\": true}"));
        assertEquals(1, written.path("summary").path("updated").asInt(), written.toString());
        assertEquals(24000, price("ex-m1"));
        assertEquals(1, count("SELECT count(*) FROM product_set_history WHERE product_set_id = 'ex-m1' AND "
                + "field = 'discounted_price' AND before_value = '25000' AND after_value = '24000'"));
    }

    @Test
    void aProductOnFourPlatformsIsScannedPerPlatformWithOneBrowserAtATime() throws Exception {
        int logBefore = extractWorker.output().length();
        JsonNode data = completed(extract("extract-by-id", "{\"product_id\": \"P-100\"}"));
        JsonNode summary = data.path("summary");
        assertEquals(4, summary.path("total").asInt(), summary.toString());
        assertEquals(4, summary.path("success").asInt(), summary.toString());
        assertEquals(4, summary.path("platform_count").asInt(), summary.toString());
        List<String> order = new ArrayList<>();
        data.path("results").forEach(r -> order.add(r.path("platform").asText()));
        assertEquals(List.of("alphashop", "musinsa", "betashop", "gammashop"), order,
                "API platforms first, then one browser platform after the other");
        for (String platform : order) {
            JsonNode counts = summary.path("platforms").path(platform);
            assertEquals(1, counts.path("total").asInt(), summary.toString());
            assertEquals(1, counts.path("match").asInt(), summary.toString());
            assertEquals(1, data.path("by_platform").path(platform).size(), data.toString());
        }
        assertEquals("browser", summary.path("platforms").path("betashop").path("kind").asText());
        assertEquals("api", summary.path("platforms").path("musinsa").path("kind").asText());

        // this job switched browsers: betashop's was closed before gammashop's opened (an earlier test may have
        // left one open, as the worker keeps its last browser) ...
        String log = extractWorker.output();
        String thisJob = log.substring(logBefore);
        int betaClosed = thisJob.indexOf("event=test_platform.scanner_closed platform=betashop");
        int gammaOpened = thisJob.indexOf("event=test_platform.scanner_opened platform=gammashop");
        assertTrue(betaClosed >= 0 && betaClosed < gammaOpened, thisJob);
        // ... and over the worker's whole life, no two browser platforms were ever open at once
        java.util.Set<String> openBrowsers = new java.util.HashSet<>();
        java.util.regex.Matcher events = java.util.regex.Pattern.compile(
                "event=test_platform.scanner_(opened|closed) platform=(\\w+) kind=browser").matcher(log);
        int switches = 0;
        while (events.find()) {
            if (events.group(1).equals("opened")) {
                openBrowsers.add(events.group(2));
                switches++;
            } else {
                openBrowsers.remove(events.group(2));
            }
            assertTrue(openBrowsers.size() <= 1, "two browsers open at once: " + openBrowsers + "\n" + log);
        }
        assertTrue(switches >= 2, log);
    }

    @Test
    void aRequestThatOutlastsItsTimeoutAnswers202WithTheJobToFollow() throws Exception {
        Api.Reply reply = extract("extract-by-url", "{\"url\": \"https://alpha.test/goods/2001\", \"timeout_ms\": 0}");
        assertEquals(202, reply.status(), reply.raw());
        String jobId = reply.body().path("data").path("job_id").asText();
        assertEquals("/api/v2/jobs/" + jobId, reply.body().path("data").path("follow").asText());
        JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(60));
        assertEquals("completed", job.path("status").asText(), job.toString());
        assertEquals(1, job.path("result").path("summary").path("success").asInt());
    }

    @Test
    void anExtractRequestDoesNotWaitForTheMusinsaWorkersLongBatch() throws Exception {
        long t0 = System.nanoTime();
        List<String> timeline = new ArrayList<>();
        StringBuilder products = new StringBuilder();
        for (int i = 1; i <= SLOW_PRODUCTS; i++) {
            products.append(i == 1 ? "" : ",").append("{\"url\": \"https://www.musinsa.com/products/")
                    .append(7200000 + i).append("\"}");
        }
        Api.Reply batch = api.post("/api/v2/workflows/execute", "{\"workflow_id\": \"musinsa-validation-v2\", "
                + "\"params\": {\"products\": [" + products + "]}}");
        assertEquals(202, batch.status(), batch.raw());
        String batchId = batch.body().path("data").path("job_id").asText();
        timeline.add(at(t0) + " musinsa batch " + batchId + " queued: " + SLOW_PRODUCTS + " products, "
                + SLOW_MS + " ms each");
        JsonNode running = awaitProgress(batchId);
        timeline.add(at(t0) + " musinsa batch running on the musinsa worker, progress "
                + running.path("progress").asDouble());

        timeline.add(at(t0) + " POST /api/v2/products/extract-by-url (a musinsa product)");
        JsonNode extracted = completed(extract("extract-by-url", "{\"url\": \"https://www.musinsa.com/products/7100001\"}"));
        timeline.add(at(t0) + " extract answered 200 " + extracted.path("results").get(0).path("status").asText()
                + " (job " + extracted.path("job_id").asText() + ")");
        JsonNode batchNow = api.get("/api/v2/jobs/" + batchId).body().path("data");
        timeline.add(at(t0) + " musinsa batch still " + batchNow.path("status").asText() + ", progress "
                + batchNow.path("progress").asDouble());

        JsonNode finished = api.awaitFinished(batchId, Duration.ofSeconds(120));
        timeline.add(at(t0) + " musinsa batch " + finished.path("status").asText());
        System.out.println("timeline (ms since the batch was queued):\n  " + String.join("\n  ", timeline));

        assertEquals("running", batchNow.path("status").asText(), String.join("\n", timeline));
        assertEquals("completed", finished.path("status").asText(), finished.toString());
        assertEquals(SLOW_PRODUCTS, finished.path("result").path("summary").path("success").asInt());
    }

    /** Waits until the batch has scanned at least one product, so it surely holds the musinsa worker. */
    private static JsonNode awaitProgress(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode job = api.get("/api/v2/jobs/" + jobId).body().path("data");
            if (job.path("status").asText().equals("running") && job.path("progress").asDouble() > 0) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch not running: " + job + "\n" + musinsaWorker.output());
            }
            Thread.sleep(20);
        }
    }

    private static String at(long t0) {
        return String.format("%6d", (System.nanoTime() - t0) / 1_000_000);
    }

    private static long price(String productSetId) throws Exception {
        return count("SELECT discounted_price FROM product_sets WHERE product_set_id = '" + productSetId + "'");
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = catalog.connect(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
