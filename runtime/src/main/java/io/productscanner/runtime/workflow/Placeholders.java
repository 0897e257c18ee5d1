package io.productscanner.runtime.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${param}} placeholders in node config from job params. A string that is exactly one placeholder
 * takes the param's JSON value and type ({@code "${batch_size}"} becomes the number 50); a placeholder inside a
 * longer string is replaced by the param's text. Params may be nested ({@code ${catalog.table}}).
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private Placeholders() {}

    /**
     * Resolves every placeholder in {@code config}.
     *
     * @throws WorkflowException naming the first param that is missing
     */
    public static JsonNode resolve(JsonNode config, ObjectNode params) {
        if (config == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (config.isTextual()) {
            return resolveText(config.textValue(), params);
        }
        if (config.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), resolve(field.getValue(), params));
            }
            return copy;
        }
        if (config.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            config.forEach(item -> copy.add(resolve(item, params)));
            return copy;
        }
        return config;
    }

    /** The params {@code config}'s placeholders read, as written ({@code catalog.table}), in order of appearance. */
    public static List<String> names(JsonNode config) {
        List<String> names = new ArrayList<>();
        collect(config, names);
        return names;
    }

    private static void collect(JsonNode config, List<String> names) {
        if (config == null) {
            return;
        }
        if (config.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(config.textValue());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        } else if (config.isContainerNode()) {
            config.forEach(child -> collect(child, names));
        }
    }

    private static JsonNode resolveText(String text, ObjectNode params) {
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches()) {
            return param(whole.group(1), params).deepCopy();
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = param(matcher.group(1), params);
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement(value.isTextual() ? value.textValue() : value.toString()));
        }
        matcher.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static JsonNode param(String path, ObjectNode params) {
        JsonNode node = params;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        // a param given as null stays null; only one never given is an error
        if (node.isMissingNode()) {
            throw new WorkflowException("params." + path + " is required (used as ${" + path + "}) and was not given");
        }
        return node;
    }
}
