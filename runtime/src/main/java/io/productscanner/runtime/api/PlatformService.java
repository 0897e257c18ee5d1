package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.spi.PlatformPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v2/platforms}: the plugins the API knows, with their kind, queues and whether they are paused. */
final class PlatformService implements HttpService {
    private final PluginRegistry plugins;
    private final PlatformActivity activity;

    PlatformService(PluginRegistry plugins, PlatformActivity activity) {
        this.plugins = plugins;
        this.activity = activity;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Set<String> paused = activity.read(plugins.knownQueues()).paused();
        List<Map<String, Object>> platforms =
                plugins.known().stream().map(plugin -> describe(plugin, paused)).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("platforms", platforms);
        data.put("queues", plugins.knownQueues());
        ApiResponses.ok(res, 200, data);
    }

    /** {@code paused} when one of its queues is (a platform has one queue of its own unless it says otherwise). */
    private static Map<String, Object> describe(PlatformPlugin plugin, Set<String> pausedQueues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", plugin.id());
        out.put("kind", plugin.kind().wireName());
        out.put("queues", plugin.queues());
        out.put("max_concurrency", plugin.maxConcurrency());
        out.put("paused", plugin.queues().stream().anyMatch(pausedQueues::contains));
        return out;
    }
}
