package io.productscanner.runtime.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin a process loaded, as its heartbeat tells it: so an operator sees what each worker runs.
 *
 * @param version the plugin module's version ({@code 0.1.0-SNAPSHOT}); null when its module records none
 * @param spi     the SPI version its JAR manifest says it was built for; null for a plugin not loaded from a folder
 */
public record PluginVersion(String id, String version, String spi) {
    public PluginVersion {
        Objects.requireNonNull(id, "id");
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("version", version);
        out.put("spi", spi);
        return out;
    }

    static PluginVersion fromJson(JsonNode node) {
        return new PluginVersion(
                node.path("id").asText(),
                node.path("version").asText(null),
                node.path("spi").asText(null));
    }
}
