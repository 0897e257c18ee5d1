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
import io.productscanner.runtime.workflow.WorkflowException;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.WorkflowNodeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node type a plugin adds through the SPI, as the workflow engine sees it: config, params and job data cross
 * over as plain JSON values (maps, lists, strings, numbers, booleans), so plugins need no JSON library of ours.
 */
public final class PluginNode implements NodeType {
    /** The runtime's job data a plugin node may read and write, by name. */
    private static final Map<String, JobData.Key<?>> RUNTIME_DATA = Map.of(
            ProductData.PRODUCTS.name(), ProductData.PRODUCTS,
            ProductData.RESULTS.name(), ProductData.RESULTS,
            WorkflowRunner.SUMMARY.name(), WorkflowRunner.SUMMARY);

    private final WorkflowNodeType type;
    private final String pluginId;
    private final PluginRegistry plugins;
    private final Map<String, JobData.Key<JsonNode>> ownData = new LinkedHashMap<>();

    public PluginNode(WorkflowNodeType type, String pluginId, PluginRegistry plugins) {
        this.type = type;
        this.pluginId = pluginId;
        this.plugins = plugins;
        for (String name : type.producedData()) {
            if (RUNTIME_DATA.containsKey(name)) {
                throw new IllegalArgumentException("node type " + type.name() + " of plugin " + pluginId
                        + " declares job data '" + name + "', which is the runtime's");
            }
            ownData.put(name, new JobData.Key<>(name, JsonNode.class, json -> json, json -> json));
        }
    }

    @Override
    public String name() {
        return type.name();
    }

    @Override
    public List<JobData.Key<?>> producedData() {
        return List.copyOf(ownData.values());
    }

    @Override
    public List<String> configProblems(JsonNode config) {
        return type.configProblems(plainMap(config));
    }

    @Override
    public List<ParamProblem> paramProblems(WorkflowDefinition workflow, JsonNode resolvedConfig, ObjectNode params) {
        return type.paramProblems(plainMap(resolvedConfig), plainMap(params), plugins.platforms()).stream()
                .map(p -> new ParamProblem(p.field(), p.message()))
                .toList();
    }

    @Override
    public NodeResult run(NodeContext context) throws Exception {
        try {
            type.run(new Run(context));
        } catch (IllegalArgumentException e) {
            // the job's input is wrong: another attempt would fail the same way
            throw new WorkflowException(e.getMessage());
        }
        return NodeResult.continueAll();
    }

    private static Map<String, Object> plainMap(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Map.of();
        }
        return Json.MAPPER.convertValue(
                json, Json.MAPPER.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
    }

    /** The SPI's view of one run of this node. */
    private final class Run implements NodeRun {
        private final NodeContext context;

        Run(NodeContext context) {
            this.context = context;
        }

        @Override
        public String jobId() {
            return context.job().jobId();
        }

        @Override
        public String queue() {
            return context.job().platform();
        }

        @Override
        public Map<String, Object> config() {
            return plainMap(context.config());
        }

        @Override
        public Map<String, Object> params() {
            return plainMap(context.params());
        }

        @Override
        public Optional<Object> data(String name) {
            JobData.Key<?> key = key(name);
            return context.data().find(key).map(value -> Json.MAPPER.convertValue(toJson(key, value), Object.class));
        }

        @Override
        public void put(String name, Object value) {
            JobData.Key<?> key = key(name);
            putJson(key, Json.MAPPER.valueToTree(value));
        }

        private <T> void putJson(JobData.Key<T> key, JsonNode json) {
            context.data().put(key, key.fromJson().apply(json));
        }

        @SuppressWarnings("unchecked")
        private <T> JsonNode toJson(JobData.Key<T> key, Object value) {
            return key.toJson().apply((T) value);
        }

        private JobData.Key<?> key(String name) {
            JobData.Key<?> key = RUNTIME_DATA.containsKey(name) ? RUNTIME_DATA.get(name) : ownData.get(name);
            if (key == null) {
                throw new IllegalStateException("node type " + type.name() + " of plugin " + pluginId
                        + " uses job data '" + name + "', which is neither the runtime's " + RUNTIME_DATA.keySet()
                        + " nor declared in its producedData()");
            }
            return key;
        }

        @Override
        public List<PlatformPlugin> platforms() {
            return plugins.platforms();
        }

        @Override
        public void progress(double fraction) {
            context.progress().accept(fraction);
        }
    }
}
