package io.productscanner.runtime.workflow.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.catalog.CatalogDirectory;
import io.productscanner.runtime.catalog.CatalogSchema;
import io.productscanner.runtime.catalog.PostgresCatalog;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.plugin.PluginsConfig;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.testing.TestPostgres;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch_product}: where a job's products come from, and which job params are refused at submit.
 *
 * <p>The plugin registry is a real one over an empty plugin directory: no platform is known, so every inline
 * product URL is "not a product URL of any known platform". Accepting a URL needs a plugin JAR in a module layer,
 * which the runtime's unit tests do not build; the URL checks of a known platform are left to the end-to-end
 * tests. Reading inline products, files and the catalog does not consult the registry.
 */
class FetchProductNodeTest {
    private static final WorkflowDefinition WORKFLOW = new WorkflowDefinition(
            "price-check",
            "Price check",
            "1",
            Optional.of("musinsa"),
            "",
            Json.MAPPER.createObjectNode(),
            "fetch",
            Map.of(),
            List.of(),
            null);

    /** file order; two musinsa products on sale, one sold out, one from another site, one more on sale. */
    private static final List<String> JSONL_LINES = List.of(
            "{\"product_set_id\": \"ps-01\", \"link_url\": \"https://www.oliveyoung.co.kr/store/goods/"
                    + "getGoodsDetail.do?goodsNo=A000000001\", \"product_name\": \"토너\", \"sale_status\": \"on_sale\", "
                    + "\"original_price\": 25000, \"discounted_price\": 19900}",
            "{\"product_set_id\": \"ps-02\", \"link_url\": \"https://www.musinsa.com/products/2\", "
                    + "\"product_name\": \"셔츠\", \"thumbnail\": \"https://image.msscdn.net/2.jpg\", "
                    + "\"sale_status\": \"on_sale\", \"original_price\": 59000, \"discounted_price\": 41300}",
            "{\"product_set_id\": \"ps-03\", \"link_url\": \"https://www.musinsa.com/products/3\", "
                    + "\"product_name\": \"바지\", \"sale_status\": \"sold_out\", \"original_price\": 39000}",
            "{\"product_set_id\": \"ps-04\", \"link_url\": \"https://www.musinsa.com/products/4\", "
                    + "\"product_name\": \"양말\", \"sale_status\": \"on_sale\", \"original_price\": 1000, "
                    + "\"discounted_price\": 900}",
            "{\"product_set_id\": \"ps-05\", \"link_url\": \"https://www.musinsa.com/products/5\", "
                    + "\"product_name\": \"모자\", \"sale_status\": \"on_sale\", \"original_price\": 29000, "
                    + "\"discounted_price\": 29000}");

    /** The same catalog as CSV, columns in another order, empty fields for nulls. */
    private static final String CSV = """
            link_url,product_set_id,product_name,thumbnail,sale_status,original_price,discounted_price
            https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000001,ps-01,토너,,on_sale,25000,19900
            https://www.musinsa.com/products/2,ps-02,셔츠,https://image.msscdn.net/2.jpg,on_sale,59000,41300
            https://www.musinsa.com/products/3,ps-03,바지,,sold_out,39000,
            https://www.musinsa.com/products/4,ps-04,양말,,on_sale,1000,900
            https://www.musinsa.com/products/5,ps-05,모자,,on_sale,29000,29000
            """;

    /** Musinsa products on sale, at most two. */
    private static final String FILTER = """
            {"link_url_pattern": "%musinsa.com%", "sale_status": "on_sale", "limit": 2}""";

    private static final List<ProductCheck> FILTERED = List.of(
            new ProductCheck("https://www.musinsa.com/products/2", "ps-02", (ObjectNode) Json.read("""
                    {"product_name": "셔츠", "thumbnail": "https://image.msscdn.net/2.jpg", "original_price": 59000,
                     "discounted_price": 41300, "sale_status": "on_sale"}""")),
            new ProductCheck("https://www.musinsa.com/products/4", "ps-04", (ObjectNode) Json.read("""
                    {"product_name": "양말", "original_price": 1000, "discounted_price": 900,
                     "sale_status": "on_sale"}""")));

    @TempDir
    static Path dir;

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private static PluginRegistry noPlugins;

    @BeforeAll
    static void loadNoPlugins() throws Exception {
        noPlugins = PluginRegistry.load(
                new PluginsConfig(Files.createDirectories(dir.resolve("plugins")), List.of("default")),
                Settings.of(Map.of()));
    }

    @AfterAll
    static void closePlugins() {
        noPlugins.close();
    }

    private static FetchProductNode withoutCatalog() {
        return new FetchProductNode(noPlugins, Optional.empty(), new CatalogDirectory(dir));
    }

    private static Path jsonl() throws Exception {
        return Files.write(dir.resolve("catalog.jsonl"), JSONL_LINES, StandardCharsets.UTF_8);
    }

    private static Path csv() throws Exception {
        return Files.writeString(dir.resolve("catalog.csv"), CSV, StandardCharsets.UTF_8);
    }

    private static List<ProductCheck> products(TestNodeRun run) {
        return run.data.find(ProductData.PRODUCTS).orElseThrow().items();
    }

    /** Checks as JSON text: a price is the same number whether it was read as an int or a long. */
    private static List<String> json(List<ProductCheck> checks) {
        return checks.stream().map(check -> Json.write(check.toJson())).toList();
    }

    private static ObjectNode params(String json, Object... args) {
        return (ObjectNode) Json.read(json.formatted(args));
    }

    @Test
    void autoTakesTheJobsOwnProductsFirstAndTheFilterDoesNotApplyToThem() throws Exception {
        TestNodeRun run =
                new TestNodeRun("price-check", "musinsa").config(FILTER.replace("\"limit\": 2", "\"limit\": 1"));
        run.params = params("""
                {"products": [{"url": "  https://www.musinsa.com/products/1  ", "product_set_id": 42,
                               "expected": {"original_price": 1000}},
                              {"url": "https://www.musinsa.com/products/2", "product_set_id": null}],
                 "catalog_file": "%s"}""", jsonl());

        NodeResult result = run.run(withoutCatalog());

        assertEquals(NodeResult.continueAll(), result);
        assertEquals(
                json(List.of(
                        new ProductCheck("https://www.musinsa.com/products/1", "42", (ObjectNode)
                                Json.read("{\"original_price\": 1000}")),
                        new ProductCheck("https://www.musinsa.com/products/2", null, Json.MAPPER.createObjectNode()))),
                json(products(run)));
        assertEquals(List.of(1.0), run.progress);
    }

    @Test
    void autoReadsTheCatalogFileWithoutProductsAndAppliesTheFilter() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa").config(FILTER);
        run.params = params("{\"catalog_file\": \"%s\"}", jsonl());

        run.run(new FetchProductNode(
                noPlugins,
                Optional.of(new PostgresCatalog(postgres.pool(postgres.database()), CatalogSchema.defaults())),
                new CatalogDirectory(dir)));

        assertEquals(json(FILTERED), json(products(run)), "the file comes before a configured catalog database");
    }

    @Test
    void aCsvCatalogFileReadsLikeAJsonlOne() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa").config(FILTER);
        run.params = params("{\"catalog_file\": \"%s\"}", csv());

        run.run(withoutCatalog());

        assertEquals(json(FILTERED), json(products(run)));
    }

    @Test
    void withoutAFilterEveryRowOfTheFileIsCheckedInFileOrder() throws Exception {
        TestNodeRun run = new TestNodeRun("price-check", "musinsa");
        run.params = params("{\"catalog_file\": \"%s\"}", csv());

        run.run(withoutCatalog());

        assertEquals(
                List.of("ps-01", "ps-02", "ps-03", "ps-04", "ps-05"),
                products(run).stream().map(ProductCheck::productSetId).toList());
        assertEquals(
                "{\"product_name\":\"바지\",\"original_price\":39000,\"sale_status\":\"sold_out\"}",
                Json.write(products(run).get(2).expected()),
                "a field the row lacks is not expected, so not compared");
    }

    @Test
    void anExplicitFileSourceIgnoresTheJobsProducts() throws Exception {
        TestNodeRun run =
                new TestNodeRun("price-check", "musinsa").config(FILTER.replace("{", "{\"source\": \"file\", "));
        run.params = params("""
                {"products": [{"url": "https://www.musinsa.com/products/1"}], "catalog_file": "%s"}""", jsonl());

        run.run(withoutCatalog());

        assertEquals(json(FILTERED), json(products(run)));
    }

    @Test
    void autoFallsBackToTheCatalogDatabaseWithTheFilter() throws Exception {
        CatalogDatabase database = postgres.newDatabase();
        TestPostgres.execute(
                database,
                "CREATE TABLE product_sets (product_set_id text PRIMARY KEY, product_id text, product_name text, "
                        + "link_url text, thumbnail text, sale_status text, original_price integer, "
                        + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)",
                "INSERT INTO product_sets (product_set_id, product_name, link_url, thumbnail, sale_status, "
                        + "original_price, discounted_price) VALUES "
                        + "('ps-01', '토너', 'https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A1', "
                        + "null, 'on_sale', 25000, 19900), "
                        + "('ps-02', '셔츠', 'https://www.musinsa.com/products/2', 'https://image.msscdn.net/2.jpg', "
                        + "'on_sale', 59000, 41300), "
                        + "('ps-03', '바지', 'https://www.musinsa.com/products/3', null, 'sold_out', 39000, null), "
                        + "('ps-04', '양말', 'https://www.musinsa.com/products/4', null, 'on_sale', 1000, 900), "
                        + "('ps-05', '모자', 'https://www.musinsa.com/products/5', null, 'on_sale', 29000, 29000)");
        TestNodeRun run = new TestNodeRun("price-check", "musinsa").config(FILTER);

        run.run(new FetchProductNode(
                noPlugins,
                Optional.of(new PostgresCatalog(postgres.pool(database), CatalogSchema.defaults())),
                new CatalogDirectory(dir)));

        assertEquals(json(FILTERED), json(products(run)));
    }

    @Test
    void aReadableCatalogFileWithAValidFilterPasses() throws Exception {
        assertEquals(
                List.of(),
                withoutCatalog()
                        .paramProblems(WORKFLOW, Json.read(FILTER), params("{\"catalog_file\": \"%s\"}", jsonl())));
        assertEquals(
                List.of(),
                withoutCatalog().paramProblems(WORKFLOW, Json.read("{}"), params("{\"catalog_file\": \"%s\"}", csv())));
    }

    @Test
    void aCatalogFileThatDoesNotExistIsRefused() {
        assertEquals(
                List.of(new ParamProblem("params.catalog_file", CatalogDirectory.REFUSED)),
                withoutCatalog()
                        .paramProblems(
                                WORKFLOW,
                                Json.read("{}"),
                                params("{\"catalog_file\": \"%s\"}", dir.resolve("missing.jsonl"))));
    }

    @Test
    void aCatalogFileOfAnotherKindIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("catalog.txt"), String.join("\n", JSONL_LINES));
        assertEquals(
                List.of(new ParamProblem("params.catalog_file", "must end in .jsonl or .csv")),
                withoutCatalog().paramProblems(WORKFLOW, Json.read("{}"), params("{\"catalog_file\": \"%s\"}", text)));
    }

    @Test
    void theCatalogSourceWithoutACatalogDatabaseIsRefused() {
        assertEquals(
                List.of(
                        new ParamProblem(
                                "params.products",
                                "is required: no catalog database is configured "
                                        + "(set CATALOG_JDBC_URL), so the products must come with the job or params.catalog_file")),
                withoutCatalog()
                        .paramProblems(
                                WORKFLOW, Json.read("{\"source\": \"catalog\"}"), Json.MAPPER.createObjectNode()));
    }

    @Test
    void withNoProductsNoFileAndNoCatalogAutoAsksForProducts() {
        assertEquals(
                List.of(new ParamProblem(
                        "params.products", "is required: a non-empty list of {url, product_set_id?, expected?}")),
                withoutCatalog().paramProblems(WORKFLOW, Json.read("{}"), Json.MAPPER.createObjectNode()));
        assertEquals(
                List.of(),
                new FetchProductNode(
                                noPlugins,
                                Optional.of(new PostgresCatalog(
                                        postgres.pool(postgres.database()), CatalogSchema.defaults())),
                                new CatalogDirectory(dir))
                        .paramProblems(WORKFLOW, Json.read("{}"), Json.MAPPER.createObjectNode()),
                "with a catalog database, auto reads it");
    }

    @Test
    void aBadFilterIsRefusedForFileAndCatalogSources() throws Exception {
        assertEquals(
                List.of(
                        new ParamProblem("params", "sale_status must be a string"),
                        new ParamProblem("params", "limit must be a positive integer (at most 2147483647), got 0")),
                withoutCatalog()
                        .paramProblems(
                                WORKFLOW,
                                Json.read("{\"sale_status\": 5, \"limit\": 0}"),
                                params("{\"catalog_file\": \"%s\"}", jsonl())));
    }

    @Test
    void inlineProductsAreCheckedOneByOneNamingEachField() {
        ObjectNode products = params("""
                {"products": [
                  {"url": "ftp://www.musinsa.com/products/1"},
                  {"url": "https://www.musinsa.com/products/2", "product_set_id": [2],
                   "expected": {"price": 1, "original_price": -1, "sale_status": "gone", "product_name": 7}},
                  "https://www.musinsa.com/products/3"]}""");

        assertEquals(
                List.of(
                        new ParamProblem("params.products[0].url", "must be an absolute http(s) URL"),
                        new ParamProblem(
                                "params.products[1].url", "is not a product URL of any known platform (known: )"),
                        new ParamProblem("params.products[1].product_set_id", "must be a string or an integer"),
                        new ParamProblem(
                                "params.products[1].expected.price",
                                "is not a compared field (compared: "
                                        + "product_name, thumbnail, original_price, discounted_price, sale_status)"),
                        new ParamProblem(
                                "params.products[1].expected.original_price", "must be a non-negative integer (KRW)"),
                        new ParamProblem(
                                "params.products[1].expected.sale_status",
                                "unknown sale status 'gone' "
                                        + "(expected one of on_sale, sold_out, off_sale, not_found)"),
                        new ParamProblem("params.products[1].expected.product_name", "must be a string"),
                        new ParamProblem("params.products[2]", "must be an object with a url")),
                withoutCatalog().paramProblems(WORKFLOW, Json.read("{}"), products));
    }

    @Test
    void anUnknownSourceIsAConfigProblemUnlessItIsAParam() {
        assertEquals(
                List.of("source 'ftp' is not supported (supported: auto, params, file, catalog)"),
                withoutCatalog().configProblems(Json.read("{\"source\": \"ftp\"}")));
        assertEquals(List.of(), withoutCatalog().configProblems(Json.read("{\"source\": \"${source}\"}")));
    }
}
