package io.productscanner.runtime.redis;

/**
 * Every Redis key the runtime uses, under one prefix ({@code workflow:} by default). The first four are the
 * seed's names and part of the public contract; docs/REDIS.md describes them all.
 */
public record RedisKeys(String prefix) {
    /** Sorted set of queued job ids, run order = descending score. */
    public String queue(String platform) {
        return prefix + "queue:platform:" + platform;
    }

    /** The platform lock: an owner token with a short lease. */
    public String lock(String platform) {
        return prefix + "lock:platform:" + platform;
    }

    /** JSON of the job now running on the platform. */
    public String running(String platform) {
        return prefix + "running:platform:" + platform;
    }

    /** Hash of one job. */
    public String job(String jobId) {
        return prefix + "job:" + jobId;
    }

    /** List of the job's per-product results (JSON), in scan order. */
    public String results(String jobId) {
        return prefix + "results:" + jobId;
    }

    /** Hash of a running job's checkpoint: finished nodes with their choice, and the data they produced. */
    public String checkpoint(String jobId) {
        return prefix + "checkpoint:" + jobId;
    }

    /** Hash of a running job's per-item progress inside nodes ({@code node:index} → result JSON). */
    public String checkpointItems(String jobId) {
        return prefix + "checkpoint:" + jobId + ":items";
    }

    /** Sorted set of jobs given up on (by time), with their last error on the job. */
    public String deadLetters() {
        return prefix + "dead";
    }

    /** Set while someone has asked a running job to cancel. */
    public String cancel(String jobId) {
        return prefix + "cancel:" + jobId;
    }

    /** List used as a wake-up signal: an idle worker blocks on it and wakes when work arrives. */
    public String wake(String platform) {
        return prefix + "wake:platform:" + platform;
    }

    /** JSON heartbeat of one process, expiring unless it is rewritten ({@code SERVICE_NAME} names the process). */
    public String heartbeat(String service) {
        return heartbeatPrefix() + service;
    }

    /** The prefix every heartbeat key starts with, to find them all with SCAN. */
    public String heartbeatPrefix() {
        return prefix + "heartbeat:";
    }

    /** Counter giving every enqueued job its FIFO position. */
    public String sequence() {
        return prefix + "sequence";
    }

    /** Sorted set of every job id by creation time (ms), newest 100,000 kept: the job history's index. */
    public String jobIndex() {
        return prefix + "jobs";
    }

    /**
     * The job id an idempotency key first queued for the workflow; expires with the job retention. A workflow id
     * holds no {@code :}, so the key's own text (last) cannot make two scopes meet.
     *
     * @param namespace who chose the key ({@code api} or {@code scheduler})
     */
    public String idempotency(String namespace, String workflowId, String idempotencyKey) {
        return prefix + "idempotency:" + namespace + ":" + workflowId + ":" + idempotencyKey;
    }

    /** Set (with a short TTL) when someone has asked the worker serving the platform to restart. */
    public String restart(String platform) {
        return prefix + "restart:platform:" + platform;
    }

    /** Sorted set of failed jobs waiting to run again, score = when they are due (ms, Redis clock). */
    public String scheduled() {
        return prefix + "scheduled";
    }

    /** Counter giving every lease of the platform its fencing token. */
    public String fence(String platform) {
        return prefix + "fence:platform:" + platform;
    }

    /** Hash of one recurring schedule: its definition and the scheduler's bookkeeping. */
    public String schedule(String scheduleId) {
        return prefix + "schedule:" + scheduleId;
    }

    /** Set of every schedule id. */
    public String schedules() {
        return prefix + "schedules";
    }

    /** The owner token of the one active scheduler, with a short lease its holder renews. */
    public String schedulerLease() {
        return prefix + "scheduler:lease";
    }

    /**
     * Sorted set of the ids of the jobs of one platform and workflow that are in {@code status} (any but running),
     * score = creation time (ms): the filtered history's index (see history.lua).
     */
    public String history(String status, String platform, String workflowId) {
        return historyPrefix() + status + ":" + platform + ":" + workflowId;
    }

    /** The prefix the Lua scripts append {@code status:platform:workflow} to, for a history index. */
    public String historyPrefix() {
        return prefix + "history:";
    }

    /** Set of the {@code platform:workflow} pairs that have jobs: which history indexes exist. */
    public String historyPairs() {
        return prefix + "history:pairs";
    }

    /** Set once the jobs stored before the history indexes existed have been put into them. */
    public String historyIndexed() {
        return prefix + "history:indexed";
    }

    /** Pub/sub channel on which the id of every job of the platform that ends is published. */
    public String jobEnded(String platform) {
        return prefix + "ended:platform:" + platform;
    }

    /** When (epoch ms) the scheduler last enqueued a when-idle run: the global minimum gap counts from it. */
    public String schedulerLastEnqueue() {
        return prefix + "scheduler:last_enqueue";
    }

    /** Set while an operator has paused the platform's queue: its workers take no new job from it (claim.lua). */
    public String paused(String platform) {
        return prefix + "paused:platform:" + platform;
    }

    /** JSON of the platform's job that ended last: {@code job_id, workflow_id, status, completed_at}. */
    public String lastFinished(String platform) {
        return prefix + "finished:platform:" + platform;
    }

    /**
     * Hash of the platform's queued jobs: job id → workflow id, written wherever a job enters the queue and deleted
     * wherever it leaves, so a script can name the next job's history index before it takes the job.
     */
    public String queuedWorkflows(String platform) {
        return prefix + "queued:platform:" + platform;
    }
}
