package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.api.ApiServer;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.job.JobStore;
import io.productscanner.runtime.job.PlatformActivity;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.metrics.ScannerMetrics;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.Queues;
import io.productscanner.runtime.redis.RedisConnections;
import io.productscanner.runtime.results.ResultsDirectory;
import io.productscanner.runtime.testing.TestNodes;
import io.productscanner.runtime.testing.TestRedis;
import io.productscanner.runtime.workflow.NodeTypes;
import io.productscanner.runtime.workflow.WorkflowCatalog;
import io.productscanner.runtime.workflow.WorkflowRunner;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A real Redis, one workflow ({@link #WORKFLOW}, default queue) and schedulers over a clock the test moves. */
final class ScheduleFixture implements AutoCloseable {
    static final String WORKFLOW = "refresh-v1";
    static final String PLATFORM = PluginRegistry.DEFAULT_QUEUE;

    final TestRedis redis;
    final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T00:00:00Z"));
    final WorkflowCatalog workflows;
    final JobQueue queue;
    final Queues queues;
    final JobStore jobs;
    final ScheduleStore schedules;
    final WorkflowSubmitter submitter;
    private final PluginRegistry plugins;

    ScheduleFixture(Path root) throws IOException {
        redis = TestRedis.start();
        plugins = PluginRegistry.of(List.of(), Settings.of(Map.of()));
        NodeTypes nodeTypes = new NodeTypes(List.of(TestNodes.noop()));
        Path dir = Files.createDirectories(root.resolve("workflows"));
        Files.writeString(dir.resolve("refresh.json"), """
                {"workflow_id": "%s", "start_node": "only", "nodes": {"only": {"type": "noop"}}}""".formatted(WORKFLOW));
        workflows = WorkflowCatalog.load(dir, nodeTypes);
        queues = redis.queues(Duration.ofSeconds(30));
        queue = queues.jobs();
        jobs = redis.store();
        schedules = new ScheduleStore(redis.connections().commands(), redis.keys());
        submitter = new WorkflowSubmitter(
                workflows, new WorkflowRunner(workflows, nodeTypes, plugins, jobs), plugins, queue);
    }

    /** A scheduler on its own Redis client, as another process would run it. */
    Scheduler scheduler(Duration leaseTtl, Duration minGap) {
        RedisConnections client = redis.newClient();
        ScheduleStore store = new ScheduleStore(client.commands(), redis.keys());
        return new Scheduler(
                store,
                new SchedulerLease(client.commands(), redis.keys(), leaseTtl),
                new ScheduledEnqueue(submitter, store),
                workflows,
                new PlatformActivity(client.shared().async(), redis.keys(), clock),
                jobs,
                client.commands(),
                minGap,
                clock,
                ScannerMetrics.create());
    }

    ApiServer api(Path root) {
        return ApiServer.start(
                "127.0.0.1",
                0,
                new ApiServer.Dependencies(
                        workflows,
                        submitter,
                        jobs,
                        new PlatformActivity(redis.connections().shared().async(), redis.keys(), Clock.systemUTC()),
                        plugins,
                        new ResultsDirectory(root.resolve("results")),
                        redis.connections().commands(),
                        queues,
                        redis.jobEnds()));
    }

    Schedule.ScheduleDefinition define(String id, String json) {
        return ScheduleJson.read(
                id, Json.read(json), workflows.find(WORKFLOW).isPresent() ? WORKFLOW::equals : workflow -> false);
    }

    /** Every queued job id on the platform. */
    List<String> queued() {
        return redis.connections().commands().zrange(redis.keys().queue(PLATFORM), 0, -1);
    }

    /** Takes the platform's next job and completes it, as a worker would. */
    String runNextJob() {
        Optional<ClaimedJob> claimed = queue.claim(PLATFORM, UUID.randomUUID().toString(), "test-worker");
        ClaimedJob job = claimed.orElseThrow(() -> new AssertionError("nothing queued"));
        queue.complete(job, JobOutcome.completed(Json.MAPPER.createObjectNode()));
        return job.jobId();
    }

    ObjectNode paramsOf(String jobId) {
        return (ObjectNode) jobs.find(jobId).orElseThrow().params();
    }

    @Override
    public void close() {
        plugins.close();
        redis.close();
    }

    /** A clock the test sets; read from scheduler threads too. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
