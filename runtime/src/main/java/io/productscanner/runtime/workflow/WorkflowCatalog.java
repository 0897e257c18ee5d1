package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The workflows a process serves, read once from the workflows folder. Every file is validated (shape, node
 * types, node config, next_nodes, reachability, cycles); a broken file is reported with its path and problem
 * and is not served, while the good ones still are.
 */
public final class WorkflowCatalog {
    private static final System.Logger LOG = System.getLogger(WorkflowCatalog.class.getName());

    private final Map<String, WorkflowDefinition> workflows;
    private final List<String> problems;

    private WorkflowCatalog(Map<String, WorkflowDefinition> workflows, List<String> problems) {
        this.workflows = workflows;
        this.problems = List.copyOf(problems);
    }

    /** Reads every {@code *.json} in {@code dir}. */
    public static WorkflowCatalog load(Path dir, NodeTypes nodeTypes) {
        return load(dir, nodeTypes, Optional.empty());
    }

    /**
     * Reads the workflows that run on one of {@code queues}, and those that name no platform (they run where their
     * {@code params.platform} says, or on the default queue). The others are left unread and unchecked: a worker
     * that loaded only its own plugins lacks what they need (another plugin's node types), and never runs them.
     */
    public static WorkflowCatalog load(Path dir, NodeTypes nodeTypes, Collection<String> queues) {
        return load(dir, nodeTypes, Optional.of(Set.copyOf(queues)));
    }

    /**
     * The node types the workflows of {@code dir} that may run on {@code queues} use (as {@link #load(Path,
     * NodeTypes, Collection)} selects them): what a worker must have to run them. A file that cannot be read is
     * passed over; loading it reports it.
     */
    public static Set<String> nodeTypesUsed(Path dir, Collection<String> queues) {
        Set<String> scope = Set.copyOf(queues);
        Set<String> used = new TreeSet<>();
        for (Path file : files(dir)) {
            JsonNode root;
            try {
                root = read(file);
            } catch (WorkflowException e) {
                continue;
            }
            if (runsOn(root, scope)) {
                root.path("nodes").forEach(node -> {
                    if (node.path("type").isTextual()) {
                        used.add(node.path("type").asText());
                    }
                });
            }
        }
        return used;
    }

    private static WorkflowCatalog load(Path dir, NodeTypes nodeTypes, Optional<Set<String>> queues) {
        Map<String, WorkflowDefinition> byId = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int otherQueues = 0;
        for (Path file : files(dir)) {
            try {
                JsonNode root = read(file);
                if (queues.isPresent() && !runsOn(root, queues.get())) {
                    otherQueues++;
                    continue;
                }
                WorkflowDefinition workflow = parse(root, file, nodeTypes);
                WorkflowDefinition previous = byId.putIfAbsent(workflow.workflowId(), workflow);
                if (previous != null) {
                    throw new WorkflowException(
                            "workflow_id '" + workflow.workflowId() + "' is also defined in " + previous.source());
                }
            } catch (WorkflowException e) {
                String problem = file + ": " + e.getMessage();
                problems.add(problem);
                LogEvent.error(LOG, "workflow.invalid", "file", file, "problem", e.getMessage());
            }
        }
        LogEvent.info(
                LOG,
                "workflows.loaded",
                "dir",
                dir.toAbsolutePath(),
                "count",
                byId.size(),
                "invalid",
                problems.size(),
                "other_queues",
                queues.isPresent() ? otherQueues : null);
        return new WorkflowCatalog(byId, problems);
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new WorkflowException("workflows folder not found: " + dir.toAbsolutePath() + " (set WORKFLOWS_DIR)");
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WorkflowException("cannot list workflows folder " + dir + ": " + e.getMessage());
        }
    }

    /** Whether a workflow may run on one of {@code queues}: its platform is one, or it names none (or a bad one). */
    private static boolean runsOn(JsonNode root, Set<String> queues) {
        JsonNode platform = root.path("platform");
        return !platform.isTextual() || platform.asText().isBlank() || queues.contains(platform.asText());
    }

    public Optional<WorkflowDefinition> find(String workflowId) {
        return Optional.ofNullable(workflows.get(workflowId));
    }

    public List<WorkflowDefinition> all() {
        return List.copyOf(workflows.values());
    }

    /** One line per file that was refused: its path and what is wrong. */
    public List<String> problems() {
        return problems;
    }

    private static JsonNode read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new WorkflowException("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr());
        } catch (IOException e) {
            throw new WorkflowException("cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new WorkflowException("must be a JSON object");
        }
        return root;
    }

    private static WorkflowDefinition parse(JsonNode root, Path file, NodeTypes nodeTypes) {
        String id = requiredText(root, "workflow_id");
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new WorkflowException("workflow_id '" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        Optional<String> platform = optionalText(root, "platform");
        JsonNode defaults = root.path("defaults");
        if (!defaults.isMissingNode() && !defaults.isObject()) {
            throw new WorkflowException("defaults must be an object");
        }
        String startNode = requiredText(root, "start_node");
        JsonNode nodesJson = root.path("nodes");
        if (!nodesJson.isObject() || nodesJson.isEmpty()) {
            throw new WorkflowException("nodes must be a non-empty object of node id to node");
        }
        Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
        nodesJson
                .properties()
                .forEach(entry -> nodes.put(entry.getKey(), parseNode(entry.getKey(), entry.getValue(), nodeTypes)));
        if (!nodes.containsKey(startNode)) {
            throw new WorkflowException("start_node '" + startNode + "' is not one of the nodes " + nodes.keySet());
        }
        for (NodeDefinition node : nodes.values()) {
            for (String next : node.nextNodes()) {
                if (!nodes.containsKey(next)) {
                    throw new WorkflowException(
                            "node '" + node.id() + "' names next node '" + next + "', which does not exist");
                }
            }
        }
        List<String> order = topologicalOrder(startNode, nodes);
        return new WorkflowDefinition(
                id,
                optionalText(root, "name").orElse(id),
                optionalText(root, "version").orElse("1"),
                platform,
                optionalText(root, "description").orElse(""),
                defaults.isObject() ? (ObjectNode) defaults : Json.MAPPER.createObjectNode(),
                startNode,
                nodes,
                order,
                file,
                paramDescriptions(root));
    }

    /** The optional {@code param_descriptions}: an object of param name to text. */
    private static Map<String, String> paramDescriptions(JsonNode root) {
        JsonNode described = root.path("param_descriptions");
        if (described.isMissingNode() || described.isNull()) {
            return Map.of();
        }
        if (!described.isObject()) {
            throw new WorkflowException("param_descriptions must be an object of param name to text");
        }
        Map<String, String> descriptions = new LinkedHashMap<>();
        described.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new WorkflowException("param_descriptions." + entry.getKey() + " must be a string");
            }
            descriptions.put(entry.getKey(), entry.getValue().asText());
        });
        return descriptions;
    }

    private static NodeDefinition parseNode(String id, JsonNode json, NodeTypes nodeTypes) {
        if (!json.isObject()) {
            throw new WorkflowException("node '" + id + "' must be an object");
        }
        String type = json.path("type").asText("");
        NodeType nodeType = nodeTypes
                .find(type)
                .orElseThrow(() -> new WorkflowException("node '" + id + "' has unknown type '" + type + "' (known: "
                        + String.join(", ", nodeTypes.names()) + ")"));
        JsonNode config = json.path("config");
        if (!config.isMissingNode() && !config.isObject()) {
            throw new WorkflowException("node '" + id + "': config must be an object");
        }
        JsonNode configObject = config.isObject() ? config : Json.MAPPER.createObjectNode();
        List<String> problems = nodeType.configProblems(configObject);
        if (!problems.isEmpty()) {
            throw new WorkflowException("node '" + id + "' (" + type + "): " + String.join("; ", problems));
        }
        JsonNode next = json.path("next_nodes");
        List<String> nextNodes = new ArrayList<>();
        if (!next.isMissingNode()) {
            if (!next.isArray()) {
                throw new WorkflowException("node '" + id + "': next_nodes must be an array of node ids");
            }
            next.forEach(n -> nextNodes.add(n.asText()));
        }
        return new NodeDefinition(
                id,
                type,
                json.path("name").asText(id),
                configObject,
                nextNodes,
                retryPolicy(id, json.path("retry")),
                timeoutMillis(id, json.path("timeout_ms")));
    }

    private static RetryPolicy retryPolicy(String id, JsonNode retry) {
        if (retry.isMissingNode() || retry.isNull()) {
            return RetryPolicy.ONCE;
        }
        JsonNode attempts = retry.path("max_attempts");
        JsonNode backoff = retry.path("backoff_ms");
        if (!retry.isObject()
                || !Json.isIntegerIn(attempts, Integer.MIN_VALUE, Integer.MAX_VALUE)
                || !(backoff.isMissingNode() || Json.isIntegerIn(backoff, Long.MIN_VALUE, Long.MAX_VALUE))) {
            throw new WorkflowException(
                    "node '" + id + "': retry must be {\"max_attempts\": int, \"backoff_ms\": int}");
        }
        try {
            return new RetryPolicy(attempts.asInt(), backoff.asLong(1000));
        } catch (IllegalArgumentException e) {
            throw new WorkflowException("node '" + id + "': " + e.getMessage());
        }
    }

    private static long timeoutMillis(String id, JsonNode timeout) {
        if (timeout.isMissingNode() || timeout.isNull()) {
            return 0;
        }
        if (!Json.isIntegerIn(timeout, 1, Long.MAX_VALUE)) {
            throw new WorkflowException("node '" + id + "': timeout_ms must be a positive integer");
        }
        return timeout.asLong();
    }

    /** Kahn's order over the nodes reachable from the start; refuses cycles and unreachable nodes. */
    private static List<String> topologicalOrder(String startNode, Map<String, NodeDefinition> nodes) {
        Set<String> reachable = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(startNode));
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (reachable.add(id)) {
                pending.addAll(nodes.get(id).nextNodes());
            }
        }
        List<String> unreachable =
                nodes.keySet().stream().filter(id -> !reachable.contains(id)).toList();
        if (!unreachable.isEmpty()) {
            throw new WorkflowException(
                    "nodes " + unreachable + " cannot be reached from start_node '" + startNode + "'");
        }
        Map<String, Integer> inDegree = new HashMap<>();
        nodes.keySet().forEach(id -> inDegree.put(id, 0));
        nodes.values().forEach(n -> n.nextNodes().forEach(next -> inDegree.merge(next, 1, Integer::sum)));
        if (inDegree.get(startNode) != 0) {
            throw new WorkflowException("the workflow has a cycle through start_node '" + startNode + "'");
        }
        Deque<String> ready = new ArrayDeque<>(List.of(startNode));
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String next : nodes.get(id).nextNodes()) {
                if (inDegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (order.size() != nodes.size()) {
            List<String> inCycle =
                    nodes.keySet().stream().filter(id -> !order.contains(id)).toList();
            throw new WorkflowException("the workflow has a cycle among nodes " + inCycle);
        }
        return order;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new WorkflowException("'" + field + "' is required and must be a non-empty string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new WorkflowException("'" + field + "' must be a string");
        }
        return Optional.of(value.asText()).filter(v -> !v.isBlank());
    }
}
