package io.productscanner.runtime.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.workflow.JobData;
import io.productscanner.runtime.workflow.NodeContext;
import io.productscanner.runtime.workflow.NodeResult;
import io.productscanner.runtime.workflow.NodeType;
import io.productscanner.runtime.workflow.ParamProblem;
import io.productscanner.runtime.workflow.WorkflowDefinition;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SaleStatus;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code fetch_product}: reads the products a job checks. Source {@code params} (the default) takes them from
 * {@code params.products}: a list of {@code {url, product_set_id?, expected?}}.
 */
public final class FetchProductNode implements NodeType {
    /** The products to check, in order. */
    public static final JobData.Key<ProductChecks> PRODUCTS = new JobData.Key<>("products", ProductChecks.class,
            checks -> Json.MAPPER.valueToTree(checks.items().stream().map(ProductCheck::toJson).toList()),
            json -> new ProductChecks(java.util.stream.StreamSupport.stream(json.spliterator(), false)
                    .map(ProductCheck::fromJson).toList()));

    /** The expected fields a product may carry, and the ones that are prices. */
    static final Set<String> EXPECTED_FIELDS = Set.of("product_name", "thumbnail", "original_price",
            "discounted_price", "sale_status");
    private static final Set<String> PRICE_FIELDS = Set.of("original_price", "discounted_price");
    private static final int MAX_PRODUCTS = 10_000;

    private final PluginRegistry plugins;

    public FetchProductNode(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /** The checked products, as one typed value. */
    public record ProductChecks(List<ProductCheck> items) {
        public ProductChecks {
            items = List.copyOf(items);
        }
    }

    @Override
    public String name() {
        return "fetch_product";
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.of(PRODUCTS);
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        String source = config.path("source").asText("params");
        return source.equals("params") ? List.of()
                : List.of("source '" + source + "' is not supported (supported: params)");
    }

    @Override
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode config, ObjectNode params) {
        List<ParamProblem> problems = new ArrayList<>();
        JsonNode products = params.path("products");
        if (!products.isArray() || products.isEmpty()) {
            problems.add(new ParamProblem("params.products", "is required: a non-empty list of {url, "
                    + "product_set_id?, expected?}"));
            return problems;
        }
        if (products.size() > MAX_PRODUCTS) {
            problems.add(new ParamProblem("params.products", "has " + products.size() + " items; at most "
                    + MAX_PRODUCTS + " per job"));
            return problems;
        }
        for (int i = 0; i < products.size(); i++) {
            checkProduct(workflow, "params.products[" + i + "]", products.get(i), problems);
        }
        return problems;
    }

    private void checkProduct(WorkflowDefinition workflow, String field, JsonNode product,
                              List<ParamProblem> problems) {
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
                problems.add(new ParamProblem(path, "is not a compared field (compared: product_name, thumbnail, "
                        + "original_price, discounted_price, sale_status)"));
            } else if (value.isNull()) {
                return;
            } else if (PRICE_FIELDS.contains(name) && !(value.isIntegralNumber() && value.asLong() >= 0)) {
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
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            return Optional.of("must be an absolute http(s) URL");
        }
        Optional<PlatformPlugin> plugin = plugins.forUrl(uri);
        if (plugin.isEmpty()) {
            return Optional.of("is not a product URL of any known platform (known: "
                    + String.join(", ", plugins.known().stream().map(PlatformPlugin::id).toList()) + ")");
        }
        if (workflow.platform().isPresent() && !workflow.platform().get().equals(plugin.get().id())
                && !plugin.get().queues().contains(workflow.platform().get())) {
            return Optional.of("is a " + plugin.get().id() + " URL, but workflow " + workflow.workflowId()
                    + " runs on " + workflow.platform().get());
        }
        return Optional.empty();
    }

    @Override
    public NodeResult run(NodeContext context) {
        JsonNode products = context.params().path("products");
        List<ProductCheck> checks = new ArrayList<>(products.size());
        for (JsonNode product : products) {
            JsonNode setId = product.path("product_set_id");
            JsonNode expected = product.path("expected");
            checks.add(new ProductCheck(product.path("url").asText().trim(),
                    setId.isMissingNode() || setId.isNull() ? null : setId.asText(),
                    expected.isObject() ? (ObjectNode) expected : Json.MAPPER.createObjectNode()));
        }
        context.data().put(PRODUCTS, new ProductChecks(checks));
        context.progress().accept(1);
        return NodeResult.continueAll();
    }
}
