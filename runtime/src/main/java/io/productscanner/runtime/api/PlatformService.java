package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.spi.PlatformPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v2/platforms}: the plugins the API knows, with their kind and queues. */
final class PlatformService implements HttpService {
    private final PluginRegistry plugins;

    PlatformService(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> platforms =
                plugins.known().stream().map(PlatformService::describe).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("platforms", platforms);
        data.put("queues", plugins.knownQueues());
        ApiResponses.ok(res, 200, data);
    }

    private static Map<String, Object> describe(PlatformPlugin plugin) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", plugin.id());
        out.put("kind", plugin.kind().wireName());
        out.put("queues", plugin.queues());
        out.put("max_concurrency", plugin.maxConcurrency());
        return out;
    }
}
