package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.PlatformControl;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v2/jobs/platform/{platform}/force-release}: an operator freeing a platform whose worker is stuck. */
final class PlatformAdminService implements HttpService {
    private static final System.Logger LOG = System.getLogger(PlatformAdminService.class.getName());

    private final PluginRegistry plugins;
    private final PlatformControl platforms;

    PlatformAdminService(PluginRegistry plugins, PlatformControl platforms) {
        this.plugins = plugins;
        this.platforms = platforms;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/platform/{platform}/force-release", this::forceRelease);
    }

    /**
     * Frees a stuck platform: deletes its lock and puts the job it was running back at the head of its queue.
     * The worker that held it discards its outcome when it next renews its lease.
     */
    private void forceRelease(ServerRequest req, ServerResponse res) {
        String platform = req.path().pathParameters().get("platform");
        if (!plugins.knownQueues().contains(platform)) {
            throw ApiException.notFound(
                    "platform_not_found",
                    "no platform queue '" + platform + "' (known: " + String.join(", ", plugins.knownQueues()) + ")",
                    "platform");
        }
        PlatformControl.ForcedRelease released = platforms.forceRelease(platform);
        LogEvent.warn(
                LOG,
                "platform.force_released",
                "platform",
                platform,
                "lock_was_held",
                released.lockWasHeld(),
                "job_id",
                released.runningJobId().orElse(null),
                "requeued",
                released.requeued());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("platform", platform);
        data.put("lock_released", released.lockWasHeld());
        data.put("job_id", released.runningJobId().orElse(null));
        data.put("requeued", released.requeued());
        data.put("released_at", Json.timestamp(Instant.now()));
        ApiResponses.ok(res, 200, data);
    }
}
