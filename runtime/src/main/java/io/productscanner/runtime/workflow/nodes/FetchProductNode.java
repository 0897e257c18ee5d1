package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.catalog.CatalogDirectory;
import io.productscanner.runtime.catalog.CatalogFilter;
import io.productscanner.runtime.catalog.CatalogSource;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.product.ProductCheck;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.SaleStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fetch_product}: reads the products a job checks, from one of these sources (config {@code source}):
 * <ul>
 *   <li>{@code params}: {@code params.products}, a list of {@code {url, product_set_id?, expected?}};</li>
 *   <li>{@code file}: {@code params.catalog_file}, a JSONL or CSV file with the catalog's columns, in the
 *   {@link CatalogDirectory};</li>
 *   <li>{@code catalog}: the Postgres catalog ({@code CATALOG_JDBC_URL});</li>
 *   <li>{@code auto} (the default): the first of those the job has.</li>
 * </ul>
 * File and catalog rows are filtered by the config's {@code link_url_pattern}, {@code sale_status},
 * {@code product_id}, {@code limit} and {@code exclude_auto_crawled}.
 */
public final class FetchProductNode implements NodeType {
    /** The expected fields a product may carry, and the ones that are prices. */
    static final Set<String> EXPECTED_FIELDS =
            Set.of("product_name", "thumbnail", "original_price", "discounted_price", "sale_status");

    private static final Set<String> PRICE_FIELDS = Set.of("original_price", "discounted_price");
    private static final int MAX_PRODUCTS = 10_000;

    private static final Set<String> SOURCES = Set.of("auto", "params", "file", "catalog");
    private static final int MAX_CATALOG_PRODUCTS = 100_000;

    private final PluginRegistry plugins;
    private final Optional<CatalogSource> catalog;
    private final CatalogDirectory catalogFiles;

    public FetchProductNode(PluginRegistry plugins, Optional<CatalogSource> catalog, CatalogDirectory catalogFiles) {
        this.plugins = plugins;
        this.catalog = catalog;
        this.catalogFiles = catalogFiles;
    }

    @Override
    public String name() {
        return "fetch_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(ProductData.PRODUCTS);
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        String source = config.path("source").asText("auto");
        return SOURCES.contains(source) || source.startsWith("${")
                ? List.of()
                : List.of("source '" + source + "' is not supported (supported: auto, params, file, catalog)");
    }

    /** The source a job reads, after {@code auto} is decided. */
    private String source(JsonNode config, ObjectNode params) {
        String source = config.path("source").asText("auto");
        if (!source.equals("auto")) {
            return source;
        }
        if (params.has("products")) {
            return "params";
        }
        if (params.has("catalog_file")) {
            return "file";
        }
        return catalog.isPresent() ? "catalog" : "params";
    }

    @Override
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode config, ObjectNode params) {
        String source = source(config, params);
        if (!SOURCES.contains(source)) {
            return List.of(new ParamProblem(
                    "params.source", "'" + source + "' is not a source (auto, params, file, catalog)"));
        }
        // the file and the filter are checked whenever they are given, even when the job's own products are read,
        // so no job or schedule keeps a path outside the catalog directory or a number out of range
        List<ParamProblem> problems = new ArrayList<>(catalogFileProblems(params));
        CatalogFilter.problems(config).forEach(p -> problems.add(new ParamProblem("params", p)));
        if (source.equals("params")) {
            problems.addAll(inlineProductProblems(workflow, params));
            return problems;
        }
        if (source.equals("file")) {
            if (!params.has("catalog_file")) {
                problems.add(new ParamProblem("params.catalog_file", CatalogDirectory.REFUSED));
            }
        } else if (catalog.isEmpty()) {
            problems.add(new ParamProblem(
                    "params.products",
                    "is required: no catalog database is configured "
                            + "(set CATALOG_JDBC_URL), so the products must come with the job or params.catalog_file"));
        }
        return problems;
    }

    private List<ParamProblem> catalogFileProblems(ObjectNode params) {
        JsonNode file = params.path("catalog_file");
        if (file.isMissingNode()) {
            return List.of();
        }
        Optional<String> problem =
                file.isTextual() ? catalogFiles.problem(file.asText()) : Optional.of(CatalogDirectory.REFUSED);
        return problem.map(p -> List.of(new ParamProblem("params.catalog_file", p)))
                .orElse(List.of());
    }

    private List<ParamProblem> inlineProductProblems(WorkflowDefinition workflow, ObjectNode params) {
        List<ParamProblem> problems = new ArrayList<>();
        JsonNode products = params.path("products");
        if (!products.isArray() || products.isEmpty()) {
            problems.add(new ParamProblem(
                    "params.products", "is required: a non-empty list of {url, product_set_id?, expected?}"));
            return problems;
        }
        if (products.size() > MAX_PRODUCTS) {
            problems.add(new ParamProblem(
                    "params.products", "has " + products.size() + " items; at most " + MAX_PRODUCTS + " per job"));
            return problems;
        }
        for (int i = 0; i < products.size(); i++) {
            checkProduct(workflow, "params.products[" + i + "]", products.get(i), problems);
        }
        return problems;
    }

    private void checkProduct(
            WorkflowDefinition workflow, String field, JsonNode product, List<ParamProblem> problems) {
        if (!product.isObject()) {
            problems.add(new ParamProblem(field, "must be an object with a url"));
            return;
        }
        JsonNode url = product.path("url");
        if (!url.isTextual() || url.asText().isBlank()) {
            problems.add(new ParamProblem(field + ".url", "is required and must be a string"));
        } else {
            urlProblem(workflow, url.asText().trim()).ifPresent(m -> problems.add(new ParamProblem(field + ".url", m)));
        }
        JsonNode setId = product.path("product_set_id");
        if (!setId.isMissingNode() && !setId.isNull() && !setId.isTextual() && !setId.isIntegralNumber()) {
            problems.add(new ParamProblem(field + ".product_set_id", "must be a string or an integer"));
        }
        JsonNode expected = product.path("expected");
        if (expected.isMissingNode() || expected.isNull()) {
            return;
        }
        if (!expected.isObject()) {
            problems.add(new ParamProblem(field + ".expected", "must be an object"));
            return;
        }
        expected.properties().forEach(e -> {
            String name = e.getKey();
            JsonNode value = e.getValue();
            String path = field + ".expected." + name;
            if (!EXPECTED_FIELDS.contains(name)) {
                problems.add(new ParamProblem(
                        path,
                        "is not a compared field (compared: product_name, thumbnail, "
                                + "original_price, discounted_price, sale_status)"));
            } else if (value.isNull()) {
                return;
            } else if (PRICE_FIELDS.contains(name) && !Json.isIntegerIn(value, 0, Long.MAX_VALUE)) {
                problems.add(new ParamProblem(path, "must be a non-negative integer (KRW)"));
            } else if (name.equals("sale_status")) {
                try {
                    SaleStatus.fromWireName(value.asText());
                } catch (IllegalArgumentException ex) {
                    problems.add(new ParamProblem(path, ex.getMessage()));
                }
            } else if (!PRICE_FIELDS.contains(name) && !value.isTextual()) {
                problems.add(new ParamProblem(path, "must be a string"));
            }
        });
    }

    private Optional<String> urlProblem(WorkflowDefinition workflow, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            return Optional.of("must be an absolute http(s) URL");
        }
        Optional<PlatformPlugin> plugin = plugins.forUrl(uri);
        if (plugin.isEmpty()) {
            return Optional.of("is not a product URL of any known platform (known: "
                    + String.join(
                            ", ",
                            plugins.known().stream().map(PlatformPlugin::id).toList()) + ")");
        }
        if (workflow.platform().isPresent()
                && !workflow.platform().get().equals(plugin.get().id())
                && !plugin.get().queues().contains(workflow.platform().get())
                && !mixedQueue(workflow.platform().get())) {
            return Optional.of("is a " + plugin.get().id() + " URL, but workflow " + workflow.workflowId() + " runs on "
                    + workflow.platform().get());
        }
        return Optional.empty();
    }

    /** Whether a mixed plugin (the extract worker) serves the queue: it scans every platform's URLs. */
    private boolean mixedQueue(String queue) {
        return plugins.known().stream()
                .anyMatch(p -> p.kind() == PluginKind.MIXED && p.queues().contains(queue));
    }

    @Override
    public NodeResult run(NodeContext context) {
        String source = source(context.config(), context.params());
        List<ProductCheck> checks = switch (source) {
            case "params" -> inlineProducts(context);
            case "file" -> fromSource(catalogFile(context.params().path("catalog_file")), context);
            case "catalog" ->
                fromSource(
                        catalog.orElseThrow(
                                () -> new WorkflowException("no catalog database is configured (CATALOG_JDBC_URL)")),
                        context);
            default -> throw new WorkflowException("unknown source '" + source + "'");
        };
        context.data().put(ProductData.PRODUCTS, new ProductData.ProductChecks(checks));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }

    /** Checked again before reading: this worker may have another catalog directory than the API that took the job. */
    private CatalogSource catalogFile(JsonNode name) {
        if (!name.isTextual()) {
            throw new WorkflowException("params.catalog_file " + CatalogDirectory.REFUSED);
        }
        try {
            return catalogFiles.open(name.asText());
        } catch (IllegalArgumentException e) {
            throw new WorkflowException("params.catalog_file " + e.getMessage());
        }
    }

    private static List<ProductCheck> fromSource(CatalogSource source, NodeContext context) {
        List<ProductCheck> checks = new ArrayList<>();
        source.read(CatalogFilter.fromJson(context.config()), row -> {
            if (checks.size() >= MAX_CATALOG_PRODUCTS) {
                throw new WorkflowException("more than " + MAX_CATALOG_PRODUCTS + " products match; set params.limit");
            }
            checks.add(row.toProductCheck());
        });
        return checks;
    }

    private static List<ProductCheck> inlineProducts(NodeContext context) {
        JsonNode products = context.params().path("products");
        List<ProductCheck> checks = new ArrayList<>(products.size());
        for (JsonNode product : products) {
            JsonNode setId = product.path("product_set_id");
            JsonNode expected = product.path("expected");
            checks.add(new ProductCheck(
                    product.path("url").asText().trim(),
                    setId.isMissingNode() || setId.isNull() ? null : setId.asText(),
                    expected.isObject() ? (ObjectNode) expected : Json.MAPPER.createObjectNode()));
        }
        return checks;
    }
}
