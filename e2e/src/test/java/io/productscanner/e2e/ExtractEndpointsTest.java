package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.productscanner.mirror.SiteMirror;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.testing.TestPostgres;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synchronous extract endpoints, through an API process, an oliveyoung worker and an extract worker (three real
 * processes on one Redis) loading the distribution's plugin folders, against the recorded site mirror
 * (fixtures/mirror) and a real Postgres catalog. The browser platforms drive Debian's Chromium.
 */
class ExtractEndpointsTest {
    private static final String OLIVEYOUNG = "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=";
    /** The oliveyoung product page as the mirror counts its requests (any query). */
    private static final String OLIVEYOUNG_PAGE = "m.oliveyoung.co.kr/m/goods/getGoodsDetail.do";
    /** The oliveyoung batch that keeps the oliveyoung worker busy: this many products, each page this slow. */
    private static final int SLOW_PRODUCTS = 8;

    private static final long SLOW_MS = 1000;
    /** The recorded musinsa product 3674341's thumbnail, so that only its price differs from the catalog row. */
    private static final String MUSINSA_THUMBNAIL =
            "https://image.msscdn.net/images/goods_img/20231127/3674341/3674341_17010583212356_500.jpg";

    @TempDir
    static Path work;

    private static TestPostgres postgres;
    private static CatalogDatabase catalog;
    private static SiteMirror mirror;
    private static TestRedisServer redis;
    private static ScannerProcessHandle apiProcess;
    private static ScannerProcessHandle oliveyoungWorker;
    private static ScannerProcessHandle extractWorker;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        catalog = postgres.database();
        TestPostgres.execute(
                catalog,
                "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, "
                        + "product_name text, link_url text, thumbnail text, sale_status text, original_price integer, "
                        + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)");
        // a musinsa row whose price dropped since it was recorded
        row("ex-m1", "M-1", "릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", "https://www.musinsa.com/products/3674341", 19900, 16900);
        TestPostgres.execute(
                catalog,
                "UPDATE product_sets SET thumbnail = '" + MUSINSA_THUMBNAIL + "' WHERE product_set_id = 'ex-m1'");
        // one product on four platforms, two over API and two in a browser; browser rows first by key, and
        // hwahae's catalog price is out of date
        row("ex-p1", "P-100", "라운드랩 1025 독도 토너 200ml", OLIVEYOUNG + "A000000238213", 21000, 14700);
        row("ex-p2", "P-100", "[농협] 친환경 무농약 당근 1kg", "https://www.kurly.com/goods/5161060", 13900, 9900);
        row("ex-p3", "P-100", "라운드랩 1025 독도 토너 200ml", "https://www.hwahae.co.kr/goods/21320", 32000, 27000);
        row("ex-p4", "P-100", "릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", "https://www.musinsa.com/products/3674341", 19900, 14900);

        mirror = SiteMirror.start(mirrorWithSlowOliveyoungPages(), 0);
        redis = new TestRedisServer();

        Map<String, String> common = new HashMap<>(Map.of(
                "REDIS_URL",
                redis.url(),
                "PLUGIN_DIR",
                ScannerProcessHandle.DIST.resolve("plugins").toString(),
                "SCANNER_SITE_MIRROR",
                mirror.url().toString(),
                "RESULTS_DIR",
                work.resolve("results").toString(),
                "CATALOG_JDBC_URL",
                catalog.jdbcUrl(),
                "CATALOG_JDBC_USER",
                catalog.user(),
                "CATALOG_JDBC_PASSWORD",
                catalog.password() == null ? "" : catalog.password()));
        common.putAll(Map.of("MUSINSA_PACING_MS", "0", "HWAHAE_PACING_MS", "0", "ZIGZAG_PACING_MS", "0"));
        int port = ScannerProcessHandle.freePort();
        apiProcess =
                ScannerProcessHandle.start(with(common, "PORT", Integer.toString(port), "SERVICE_NAME", "api"), "api");
        oliveyoungWorker = ScannerProcessHandle.start(
                with(common, "WORKER_PLATFORMS", "oliveyoung", "SERVICE_NAME", "oliveyoung-worker"), "worker");
        extractWorker = ScannerProcessHandle.start(
                with(common, "WORKER_PLATFORMS", "extract", "SERVICE_NAME", "extract-worker"), "worker");
        api = new Api(port);
        api.awaitHealthy(apiProcess, Duration.ofSeconds(60));
        oliveyoungWorker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
        extractWorker.awaitOutput("event=worker.started", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part :
                new AutoCloseable[] {extractWorker, oliveyoungWorker, apiProcess, redis, mirror, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    /**
     * A copy of the recorded mirror plus {@link #SLOW_PRODUCTS} oliveyoung products whose page (a recorded one)
     * answers only after {@link #SLOW_MS}: the long batch of the timeline test.
     */
    private static Path mirrorWithSlowOliveyoungPages() throws IOException {
        Path fixtures = Path.of(System.getProperty("fixtures.dir", "../fixtures/mirror"));
        Path root = work.resolve("mirror");
        try (Stream<Path> files = Files.walk(fixtures)) {
            for (Path file : files.toList()) {
                Path target = root.resolve(fixtures.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path routesFile = root.resolve("m.oliveyoung.co.kr/routes.json");
        ArrayNode routes = (ArrayNode) Api.JSON.readTree(routesFile.toFile());
        for (int i = 1; i <= SLOW_PRODUCTS; i++) {
            routes.addObject()
                    .put("method", "GET")
                    .put("path", "/m/goods/getGoodsDetail.do")
                    .put("query", "goodsNo=" + slowProduct(i))
                    .put("status", 200)
                    .put("file", "goods/A000000238213.html")
                    .put("delay_ms", SLOW_MS);
        }
        Files.writeString(routesFile, routes.toString());
        return root;
    }

    private static String slowProduct(int i) {
        return String.format("A00000091%04d", i);
    }

    private static void row(
            String productSetId, String productId, String name, String url, long original, long discounted)
            throws Exception {
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement insert = connection.prepareStatement(
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
        // url → platform, product name, discounted price; desktop, mobile and share forms of the recorded products
        Map<String, List<String>> urls = new LinkedHashMap<>();
        urls.put("https://www.musinsa.com/products/3674341", List.of("musinsa", "릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", "14900"));
        urls.put("https://www.musinsa.com/app/goods/3674341", List.of("musinsa", "릴렉스 핏 크루 넥 반팔 티셔츠 [화이트]", "14900"));
        urls.put("https://www.hwahae.co.kr/goods/21320", List.of("hwahae", "라운드랩 1025 독도 토너 200ml", "25600"));
        urls.put("https://zigzag.kr/catalog/products/100101", List.of("zigzag", "루즈핏 케이블 니트 가디건", "29800"));
        urls.put(
                "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000238213",
                List.of("oliveyoung", "라운드랩 1025 독도 토너 200ml", "14700"));
        urls.put("https://a-bly.com/goods/48210003", List.of("ably", "시즌오프 트위드 자켓", "62300"));
        urls.put("https://kurly.com/goods/5051411", List.of("kurly", "국산 콩나물 300g", "4980"));
        Set<String> platforms = new HashSet<>();
        for (var entry : urls.entrySet()) {
            JsonNode data = completed(extract("extract-by-url", "{\"url\": \"" + entry.getKey() + "\"}"));
            JsonNode result = data.path("results").get(0);
            assertEquals(entry.getValue().get(0), result.path("platform").asText(), data.toString());
            assertEquals(
                    entry.getValue().get(1),
                    result.path("fetched").path("product_name").asText(),
                    data.toString());
            assertEquals(
                    Long.parseLong(entry.getValue().get(2)),
                    result.path("fetched").path("discounted_price").asLong(),
                    data.toString());
            assertEquals("success", result.path("status").asText(), data.toString());
            assertEquals(1, data.path("summary").path("success").asInt());
            platforms.add(result.path("platform").asText());
        }
        assertEquals(Set.of("musinsa", "hwahae", "zigzag", "oliveyoung", "ably", "kurly"), platforms);
        assertTrue(extractWorker.output().contains("event=extract.url_resolved"), "the extract worker ran them");
        assertFalse(oliveyoungWorker.output().contains("extract-url-v2"), "the oliveyoung worker never saw them");
    }

    @Test
    void anUnsupportedUrlIsRefusedNamingTheSupportedPlatforms() throws Exception {
        Api.Reply reply = extract("extract-by-url", "{\"url\": \"https://www.coupang.com/vp/products/1\"}");
        assertEquals(400, reply.status(), reply.raw());
        JsonNode error = reply.body().path("error");
        assertEquals("url", error.path("field").asText());
        assertEquals(
                "url is not a product URL of a supported platform (supported: ably, hwahae, kurly, musinsa, "
                        + "oliveyoung, zigzag)",
                error.path("message").asText());

        Api.Reply viaWorkflow = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"extract-url-v2\", "
                        + "\"params\": {\"url\": \"https://www.musinsa.com/brands/musinsastandard\"}}");
        assertEquals(400, viaWorkflow.status(), viaWorkflow.raw());
        assertEquals(
                "params.url", viaWorkflow.body().path("error").path("field").asText());
        assertTrue(
                viaWorkflow.body().path("error").path("message").asText().contains("supported: ably, hwahae"),
                viaWorkflow.raw());
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("{}", List.of("extract-by-url", "url"));
        cases.put("{\"url\": 5}", List.of("extract-by-url", "url"));
        cases.put("{\"url\": \"musinsa.com/products/1\"}", List.of("extract-by-url", "url"));
        cases.put(
                "{\"url\": \"https://www.musinsa.com/products/1\", \"timeout_ms\": -1}",
                List.of("extract-by-url", "timeout_ms"));
        cases.put("{\"product_set_id\": {\"id\": 1}}", List.of("extract-by-product-set", "product_set_id"));
        cases.put("{\"product_set_id\": \"ex-m1\", \"update\": \"yes\"}", List.of("extract-by-product-set", "update"));
        cases.put("{\"product_id\": \"\"}", List.of("extract-by-id", "product_id"));
        cases.put("{\"product_id\": \"P-100\", \"platform\": \"musinsa\"}", List.of("extract-by-id", "platform"));
        for (var entry : cases.entrySet()) {
            Api.Reply reply = extract(entry.getValue().get(0), entry.getKey());
            assertEquals(400, reply.status(), entry.getKey() + " → " + reply.raw());
            assertEquals(
                    entry.getValue().get(1),
                    reply.body().path("error").path("field").asText(),
                    reply.raw());
        }
    }

    @Test
    void aProductSetIdOrProductIdNotInTheCatalogIs404() throws Exception {
        Api.Reply missingSet = extract("extract-by-product-set", "{\"product_set_id\": \"ps-does-not-exist\"}");
        assertEquals(404, missingSet.status(), missingSet.raw());
        assertEquals(
                "product_set_not_found",
                missingSet.body().path("error").path("code").asText());
        assertEquals(
                "product_set_id", missingSet.body().path("error").path("field").asText());
        assertTrue(
                missingSet
                        .body()
                        .path("error")
                        .path("message")
                        .asText()
                        .startsWith("no catalog row has product_set_id 'ps-does-not-exist' in table product_sets"),
                missingSet.raw());

        Api.Reply missingProduct = extract("extract-by-id", "{\"product_id\": 424242}");
        assertEquals(404, missingProduct.status(), missingProduct.raw());
        assertEquals(
                "product_not_found",
                missingProduct.body().path("error").path("code").asText());
        assertTrue(missingProduct.body().path("error").path("message").asText().contains("'424242'"));
    }

    @Test
    void aProductSetIsComparedAndWrittenBackOnlyWhenAsked() throws Exception {
        JsonNode report = completed(extract("extract-by-product-set", "{\"product_set_id\": \"ex-m1\"}"));
        JsonNode result = report.path("results").get(0);
        assertEquals("ex-m1", result.path("product_set_id").asText());
        assertEquals("musinsa", result.path("platform").asText(), result.toString());
        assertEquals(false, result.path("comparison").path("discounted_price").asBoolean(true), result.toString());
        assertEquals(true, result.path("comparison").path("original_price").asBoolean(false), result.toString());
        assertEquals(1, report.path("summary").path("would_update").asInt(), report.toString());
        assertEquals(16900, price("ex-m1"), "without update: true nothing is written");

        JsonNode written =
                completed(extract("extract-by-product-set", "{\"product_set_id\": \"ex-m1\", \"update\": true}"));
        assertEquals(1, written.path("summary").path("updated").asInt(), written.toString());
        assertEquals(14900, price("ex-m1"));
        assertEquals(
                1,
                count("SELECT count(*) FROM product_set_history WHERE product_set_id = 'ex-m1' AND "
                        + "field = 'discounted_price' AND before_value = '16900' AND after_value = '14900'"));
    }

    @Test
    void aProductOnFourPlatformsIsScannedPerPlatformWithOneBrowserAtATime() throws Exception {
        int logBefore = extractWorker.output().length();
        JsonNode data = completed(extract("extract-by-id", "{\"product_id\": \"P-100\"}"));
        System.out.println("extract-by-id P-100 summary: " + data.path("summary"));
        JsonNode summary = data.path("summary");
        assertEquals(4, summary.path("total").asInt(), summary.toString());
        assertEquals(4, summary.path("success").asInt(), summary.toString());
        assertEquals(4, summary.path("platform_count").asInt(), summary.toString());
        List<String> order = new ArrayList<>();
        data.path("results").forEach(r -> order.add(r.path("platform").asText()));
        assertEquals(
                List.of("hwahae", "musinsa", "kurly", "oliveyoung"),
                order,
                "API platforms first, then one browser platform after the other");
        Map<String, String> kinds =
                Map.of("hwahae", "api", "musinsa", "api", "kurly", "browser", "oliveyoung", "browser");
        for (String platform : order) {
            JsonNode counts = summary.path("platforms").path(platform);
            assertEquals(kinds.get(platform), counts.path("kind").asText(), summary.toString());
            assertEquals(1, counts.path("total").asInt(), summary.toString());
            assertEquals(1, counts.path("success").asInt(), summary.toString());
            boolean stale = platform.equals("hwahae");
            assertEquals(stale ? 0 : 1, counts.path("match").asInt(), platform + ": " + summary);
            assertEquals(stale ? 1 : 0, counts.path("mismatch").asInt(), platform + ": " + summary);
            assertEquals(1, data.path("by_platform").path(platform).size(), data.toString());
        }
        JsonNode hwahae = data.path("results").get(0);
        assertEquals(false, hwahae.path("comparison").path("discounted_price").asBoolean(true), hwahae.toString());
        assertEquals(25600, hwahae.path("fetched").path("discounted_price").asLong(), hwahae.toString());

        // this job switched browsers: kurly's was closed before oliveyoung's opened (kurly's may have been open
        // already, as the worker keeps its last browser for the next job) ...
        String log = extractWorker.output();
        String thisJob = log.substring(logBefore);
        int kurlyClosed = thisJob.indexOf("event=extract.browser_closed platform=kurly");
        int oliveyoungOpened = thisJob.indexOf("event=extract.browser_opened platform=oliveyoung");
        assertTrue(kurlyClosed >= 0 && kurlyClosed < oliveyoungOpened, thisJob);
        // ... and over the worker's whole life, no two browser platforms were ever open at once
        Set<String> openBrowsers = new HashSet<>();
        Matcher events = Pattern.compile("event=extract\\.browser_(opened|closed) platform=(\\w+)")
                .matcher(log);
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
        Api.Reply reply =
                extract("extract-by-url", "{\"url\": \"https://www.hwahae.co.kr/goods/60001\", \"timeout_ms\": 0}");
        assertEquals(202, reply.status(), reply.raw());
        String jobId = reply.body().path("data").path("job_id").asText();
        assertEquals(
                "/api/v2/jobs/" + jobId,
                reply.body().path("data").path("follow").asText());
        JsonNode job = api.awaitFinished(jobId, Duration.ofSeconds(60));
        assertEquals("completed", job.path("status").asText(), job.toString());
        assertEquals(1, job.path("result").path("summary").path("success").asInt());
        JsonNode items = api.get("/api/v2/jobs/" + jobId + "/results")
                .body()
                .path("data")
                .path("items");
        assertEquals(1, items.size(), items.toString());
        assertEquals("hwahae", items.get(0).path("platform").asText(), items.toString());
        assertEquals(
                "토리든 다이브인 세럼 50ml",
                items.get(0).path("fetched").path("product_name").asText(),
                items.toString());
    }

    @Test
    void anExtractRequestDoesNotWaitForTheOliveyoungWorkersLongBatch() throws Exception {
        long pagesBefore = mirror.requestCount(OLIVEYOUNG_PAGE);
        long t0 = System.nanoTime();
        List<String> timeline = new ArrayList<>();
        StringBuilder products = new StringBuilder();
        for (int i = 1; i <= SLOW_PRODUCTS; i++) {
            products.append(i == 1 ? "" : ",")
                    .append("{\"url\": \"")
                    .append(OLIVEYOUNG)
                    .append(slowProduct(i))
                    .append("\"}");
        }
        Api.Reply batch = api.post(
                "/api/v2/workflows/execute",
                "{\"workflow_id\": \"oliveyoung-validation-v2\", \"params\": {\"products\": [" + products + "]}}");
        assertEquals(202, batch.status(), batch.raw());
        String batchId = batch.body().path("data").path("job_id").asText();
        timeline.add(at(t0) + " oliveyoung batch " + batchId + " queued: " + SLOW_PRODUCTS + " products, pages "
                + SLOW_MS + " ms each");
        awaitPageRequested(pagesBefore);
        JsonNode running = api.get("/api/v2/jobs/" + batchId).body().path("data");
        timeline.add(at(t0) + " oliveyoung worker's browser is loading the first slow page; batch "
                + running.path("status").asText() + ", progress "
                + running.path("progress").asDouble());

        timeline.add(at(t0) + " POST /api/v2/products/extract-by-url (an oliveyoung product)");
        JsonNode extracted = completed(extract("extract-by-url", "{\"url\": \"" + OLIVEYOUNG + "A000000184228\"}"));
        JsonNode result = extracted.path("results").get(0);
        timeline.add(at(t0) + " extract answered 200 " + result.path("status").asText() + " "
                + result.path("fetched").path("product_name").asText() + " (job "
                + extracted.path("job_id").asText()
                + ")");
        JsonNode batchNow = api.get("/api/v2/jobs/" + batchId).body().path("data");
        timeline.add(
                at(t0) + " oliveyoung batch still " + batchNow.path("status").asText() + ", progress "
                        + batchNow.path("progress").asDouble());

        JsonNode finished = api.awaitFinished(batchId, Duration.ofSeconds(120));
        timeline.add(at(t0) + " oliveyoung batch " + finished.path("status").asText());
        System.out.println("timeline (ms since the batch was queued):\n  " + String.join("\n  ", timeline));

        assertEquals("success", result.path("status").asText(), extracted.toString());
        assertEquals(
                "토리든 다이브인 저분자 히알루론산 세럼 50ml",
                result.path("fetched").path("product_name").asText());
        assertEquals("running", batchNow.path("status").asText(), String.join("\n", timeline));
        assertTrue(batchNow.path("progress").asDouble() < 1, String.join("\n", timeline));
        assertEquals("completed", finished.path("status").asText(), finished.toString());
        assertEquals(
                SLOW_PRODUCTS,
                finished.path("result").path("summary").path("success").asInt(),
                finished.toString());
        assertFalse(oliveyoungWorker.output().contains("extract-url-v2"), "the oliveyoung worker never saw it");
    }

    /** Waits until a browser has asked the mirror for an oliveyoung page: the batch surely holds its worker. */
    private static void awaitPageRequested(long pagesBefore) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (mirror.requestCount(OLIVEYOUNG_PAGE) == pagesBefore) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the batch never reached the mirror\n" + oliveyoungWorker.output());
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
        try (Connection connection = TestPostgres.connect(catalog);
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
