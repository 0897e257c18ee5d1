package io.productscanner.runtime.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.productscanner.runtime.heartbeat.ListedWorker;
import io.productscanner.runtime.heartbeat.WorkerDirectory;
import io.productscanner.runtime.job.QueueOverview;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.PlatformControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v2/queues}: every known queue at a glance (paused, waiting, running, lock, last outcome, workers),
 * and an operator pausing and resuming one.
 */
final class QueueService implements HttpService {
    private static final System.Logger LOG = System.getLogger(QueueService.class.getName());

    private final PluginRegistry plugins;
    private final QueueOverview overview;
    private final WorkerDirectory workers;
    private final PlatformControl platforms;

    QueueService(PluginRegistry plugins, QueueOverview overview, WorkerDirectory workers, PlatformControl platforms) {
        this.plugins = plugins;
        this.overview = overview;
        this.workers = workers;
        this.platforms = platforms;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/{queue}/pause", this::pause).post("/{queue}/resume", this::resume);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<ListedWorker> live = workers.list();
        List<Map<String, Object>> queues = new ArrayList<>();
        int running = 0;
        long waiting = 0;
        int paused = 0;
        for (QueueOverview.QueueState state : overview.read(plugins.knownQueues())) {
            queues.add(describe(state, live));
            running += state.running() == null ? 0 : 1;
            waiting += state.waiting();
            paused += state.paused() ? 1 : 0;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("running_count", running);
        summary.put("waiting_count", waiting);
        summary.put("paused_count", paused);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queues", queues);
        data.put("summary", summary);
        ApiResponses.ok(res, 200, data);
    }

    private static Map<String, Object> describe(QueueOverview.QueueState state, List<ListedWorker> live) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", state.queue());
        out.put("paused", state.paused());
        out.put("waiting", state.waiting());
        out.put("oldest_wait_seconds", state.oldestWaitSeconds());
        out.put("running", state.running() == null ? null : running(state.running()));
        out.put("lock", state.lock() == null ? null : lock(state.lock()));
        out.put("last_finished", state.lastFinished() == null ? null : lastFinished(state.lastFinished()));
        out.put(
                "workers",
                live.stream()
                        .filter(worker -> worker.heartbeat().platforms().contains(state.queue()))
                        .map(worker -> worker(worker, state))
                        .toList());
        return out;
    }

    private static Map<String, Object> running(QueueOverview.Running running) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", running.jobId());
        out.put("workflow_id", running.workflowId());
        out.put("progress", running.progress());
        out.put("current_node", running.currentNode());
        out.put("started_at", running.startedAt());
        out.put("elapsed_seconds", running.elapsedSeconds());
        out.put("attempts", running.attempts());
        out.put("worker", running.worker());
        return out;
    }

    private static Map<String, Object> lock(QueueOverview.Lock lock) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("holder", lock.holder());
        out.put("lease_left_ms", lock.leaseLeftMs());
        return out;
    }

    private static Map<String, Object> lastFinished(QueueOverview.LastFinished last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", last.jobId());
        out.put("workflow_id", last.workflowId());
        out.put("status", last.status());
        out.put("completed_at", last.completedAt());
        out.put("summary", last.summary());
        return out;
    }

    /**
     * A worker as this queue sees it: busy only while it runs this queue's job, so a process serving every queue
     * (`serve`) is not shown busy on every lane; stopping whatever it runs.
     */
    private static Map<String, Object> worker(ListedWorker worker, QueueOverview.QueueState queue) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", worker.heartbeat().service());
        out.put("status", statusFor(worker, queue));
        out.put("age_seconds", worker.ageSeconds());
        out.put("version", worker.heartbeat().version());
        return out;
    }

    // the heartbeat is seconds old: a queue with no running job is not shown busy by its last beat
    private static String statusFor(ListedWorker worker, QueueOverview.QueueState queue) {
        String status = worker.heartbeat().status();
        if (!"busy".equals(status)) {
            return status;
        }
        boolean runsThisQueue = queue.running() != null
                && worker.heartbeat().currentJobs().stream()
                        .anyMatch(job -> queue.queue().equals(job.platform()));
        return runsThisQueue ? "busy" : "idle";
    }

    /** Workers take no new job from the queue until it is resumed; a running job finishes, submissions wait. */
    private void pause(ServerRequest req, ServerResponse res) {
        String queue = knownQueue(req);
        boolean changed = platforms.pause(queue);
        LogEvent.info(LOG, "queue.paused", "platform", queue, "was_paused", !changed);
        answer(res, queue, true);
    }

    /** Workers take jobs from the queue again; an idle one is woken at once. */
    private void resume(ServerRequest req, ServerResponse res) {
        String queue = knownQueue(req);
        boolean changed = platforms.resume(queue);
        LogEvent.info(LOG, "queue.resumed", "platform", queue, "was_paused", changed);
        answer(res, queue, false);
    }

    private String knownQueue(ServerRequest req) {
        String queue = req.path().pathParameters().get("queue");
        if (!plugins.knownQueues().contains(queue)) {
            throw ApiException.notFound(
                    "platform_not_found",
                    "no platform queue '" + queue + "' (known: " + String.join(", ", plugins.knownQueues()) + ")",
                    "queue");
        }
        return queue;
    }

    private static void answer(ServerResponse res, String queue, boolean paused) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queue", queue);
        data.put("paused", paused);
        ApiResponses.ok(res, 200, data);
    }
}
