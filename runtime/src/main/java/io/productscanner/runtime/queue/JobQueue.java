package io.productscanner.runtime.queue;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.job.JobStatus;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.JobWrite;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import io.productscanner.runtime.redis.ScriptReply;
import io.productscanner.runtime.tracing.TraceContextFields;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Queueing: jobs enter their platform's queue (one at a time or in bulk), a worker takes a platform's next job
 * under a lease on the platform, renews the lease, records the outcome (taking the next job in the same step) or
 * hands the job back, and a job can be cancelled. Retries and dead letters are {@link JobRetries}', a stuck or
 * restarting platform {@link PlatformControl}'s. Every state change is one Lua script (see the .lua files beside
 * this class), so a crash at any instant loses no job and leaves no job both queued and running; the scripts
 * answer with name/value pairs, read by name ({@link ScriptReply}).
 */
public final class JobQueue {
    private static final RedisScript ENQUEUE = RedisScript.load(
                    JobQueue.class, "time.lua", "history.lua", "enqueue.lua")
            .acknowledged();
    private static final RedisScript PEEK = RedisScript.load(JobQueue.class, "peek.lua");
    private static final RedisScript CLAIM = RedisScript.load(JobQueue.class, "time.lua", "history.lua", "claim.lua")
            .acknowledged();
    private static final RedisScript COMPLETE = RedisScript.load(
                    JobQueue.class, "time.lua", "history.lua", "complete.lua")
            .acknowledged();
    private static final RedisScript RENEW = RedisScript.load(JobQueue.class, "renew.lua");
    private static final RedisScript CANCEL = RedisScript.load(JobQueue.class, "time.lua", "history.lua", "cancel.lua");
    private static final RedisScript RELEASE = RedisScript.load(
                    JobQueue.class, "time.lua", "history.lua", "release.lua")
            .acknowledged();
    private static final RedisScript FINISH = RedisScript.load(JobQueue.class, "time.lua", "history.lua", "finish.lua")
            .acknowledged();
    private static final RedisScript ENQUEUE_MANY = RedisScript.load(
                    JobQueue.class, "time.lua", "history.lua", "enqueue-many.lua")
            .acknowledged();
    /** Jobs stored per call of enqueue-many.lua: large enough to amortise the call, small for Lua's stack. */
    static final int ENQUEUE_BATCH = 500;
    /** Bulk-enqueue calls sent before the first of them must have answered. */
    static final int ENQUEUE_CALLS_IN_FLIGHT = 3;
    /**
     * Times a script is called again after answering stale (what its caller read to name its keys changed before
     * the script ran); a job moves this fast only under contention, so the next poll or request tries again.
     */
    static final int STALE_RETRIES = 5;

    /** What a lease renewal found. */
    public enum Lease {
        LOST,
        HELD,
        HELD_CANCEL_REQUESTED
    }

    /** What a cancel request did. */
    public enum Cancellation {
        CANCELLED,
        CANCELLING,
        ALREADY_FINISHED,
        NOT_FOUND,
        LEFT_RUNNING
    }

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final QueuePolicy policy;
    /** Where a retryable failure handed to {@link #complete} goes. */
    private final JobRetries retries;
    /**
     * Per platform, the job its next finish expects to take (the queue's head when the current job was taken):
     * finish.lua names that job's keys up front and takes it only if it is still the head.
     */
    private final Map<String, QueuedJob> expectedHeads = new ConcurrentHashMap<>();

    /** A queued job, named by what the scripts need to declare its keys. */
    private record QueuedJob(String jobId, String workflowId) {}

    public JobQueue(RedisCommands<String, String> redis, RedisKeys keys, QueuePolicy policy) {
        this.redis = redis;
        this.keys = keys;
        this.policy = policy;
        this.retries = new JobRetries(redis, keys, policy);
    }

    public RedisKeys keys() {
        return keys;
    }

    public Duration lease() {
        return policy.lease();
    }

    /** Stores the job as pending and queues it on its platform; returns its FIFO sequence number. */
    public long enqueue(NewJob job) {
        return enqueue(job, null).sequence();
    }

    /**
     * What an enqueue did: a new job, or the first job queued under the same idempotency key (then with that
     * job's workflow, platform and current status, and sequence 0).
     */
    public record Enqueued(
            String jobId, String workflowId, String platform, long sequence, boolean duplicate, JobStatus status) {}

    /**
     * Stores the job as pending and queues it on its platform, unless {@code idempotencyKey} (may be null) already
     * queued a job of the same workflow within the job retention: then nothing is stored and that first job is
     * returned.
     *
     * @throws QueueFull when the platform's queue holds the most jobs allowed; nothing is stored then
     */
    public Enqueued enqueue(NewJob job, IdempotencyKey idempotencyKey) {
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.queue")
                .spanBuilder("send " + job.platform())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "product-scanner")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", job.platform())
                .setAttribute("messaging.message.id", job.jobId())
                .setAttribute("scanner.job_id", job.jobId())
                .setAttribute("scanner.platform", job.platform())
                .setAttribute("scanner.workflow_id", job.workflowId())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Enqueued enqueued = store(job, idempotencyKey);
            if (enqueued.duplicate()) {
                span.setAttribute("scanner.duplicate_of", enqueued.jobId());
            }
            return enqueued;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private Enqueued store(NewJob job, IdempotencyKey idempotencyKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobRecord.JOB_ID, job.jobId());
        fields.put(JobRecord.WORKFLOW_ID, job.workflowId());
        fields.put(JobRecord.PLATFORM, job.platform());
        fields.put(JobRecord.PRIORITY, Integer.toString(job.priority()));
        fields.put(JobRecord.STATUS, JobStatus.PENDING.wireName());
        fields.put(JobRecord.ATTEMPTS, "0");
        fields.put(JobRecord.PROGRESS, "0");
        fields.put(JobRecord.PARAMS, Json.write(job.params()));
        fields.put(JobRecord.METADATA, Json.write(job.metadata()));
        // the submitter's trace (this enqueue's span), continued by the worker's job span
        TraceContextFields.write(fields);
        String idempotency = idempotencyKey == null
                ? null
                : keys.idempotency(idempotencyKey.origin().namespace(), job.workflowId(), idempotencyKey.key());
        ScriptReply reply = null;
        for (int attempt = 1; attempt <= STALE_RETRIES; attempt++) {
            // the script touches only the keys it is given: the first job's hash is named from the key read now
            String first = idempotency == null ? null : redis.get(idempotency);
            List<String> args = new ArrayList<>(7 + fields.size() * 2);
            args.add(job.jobId());
            args.add(Integer.toString(job.priority()));
            args.add(Long.toString(policy.retention().toSeconds()));
            args.add(Integer.toString(policy.maxQueuedPerPlatform()));
            args.add(job.platform() + ":" + job.workflowId());
            args.add(first == null ? "" : first);
            args.add(job.workflowId());
            fields.forEach((name, value) -> {
                args.add(name);
                args.add(value);
            });
            List<String> scriptKeys = new ArrayList<>(List.of(
                    keys.job(job.jobId()),
                    keys.queue(job.platform()),
                    keys.wake(job.platform()),
                    keys.sequence(),
                    keys.jobIndex(),
                    keys.history(JobStatus.PENDING.wireName(), job.platform(), job.workflowId()),
                    keys.historyPairs(),
                    keys.queuedWorkflows(job.platform())));
            if (idempotency != null) {
                scriptKeys.add(idempotency);
                scriptKeys.add(keys.job(first == null ? job.jobId() : first));
            }
            reply = ScriptReply.of(ENQUEUE.run(
                    redis, ScriptOutputType.MULTI, scriptKeys.toArray(String[]::new), args.toArray(String[]::new)));
            if (!reply.flag("stale")) {
                break;
            }
        }
        if (reply.flag("stale")) {
            throw new RedisException("the idempotency key of job " + job.jobId() + " kept changing under it");
        }
        if (reply.flag("queue_full")) {
            throw new QueueFull(job.platform(), policy.maxQueuedPerPlatform());
        }
        boolean duplicate = reply.flag("duplicate");
        return new Enqueued(
                reply.string("job_id"),
                duplicate ? reply.string("workflow_id") : job.workflowId(),
                duplicate ? reply.string("platform") : job.platform(),
                reply.number("sequence"),
                duplicate,
                JobStatus.fromWireName(reply.string("status")));
    }

    /**
     * Stores and queues many new jobs (bulk submission, no idempotency keys) with one script call per
     * {@value #ENQUEUE_BATCH} jobs, up to {@value #ENQUEUE_CALLS_IN_FLIGHT} calls in flight so Redis stores one batch
     * while the next is encoded; each job is stored and queued together, as {@link #enqueue(NewJob)} does, in list
     * order. Returns how many were queued. For trusted bulk loading (the benchmarks): the queue limit that
     * {@link #enqueue(NewJob, IdempotencyKey)} enforces is not checked.
     */
    public int enqueueAll(List<NewJob> jobs) {
        RedisAsyncCommands<String, String> async = redis.getStatefulConnection().async();
        Deque<RedisFuture<Long>> inFlight = new ArrayDeque<>();
        // with replicas to confirm, each call waits for them (a WAIT counts only its own link's writes)
        boolean oneByOne = ENQUEUE_MANY.waitsForReplicasOn(redis);
        for (int from = 0; from < jobs.size(); from += ENQUEUE_BATCH) {
            BulkCall call = bulkCall(jobs.subList(from, Math.min(jobs.size(), from + ENQUEUE_BATCH)));
            if (from == 0 || oneByOne) {
                // the first call loads the script if this Redis does not know it yet
                ENQUEUE_MANY.run(redis, ScriptOutputType.INTEGER, call.keys(), call.args());
                continue;
            }
            if (inFlight.size() == ENQUEUE_CALLS_IN_FLIGHT) {
                awaitStored(inFlight.removeFirst());
            }
            inFlight.addLast(async.evalsha(ENQUEUE_MANY.digest(), ScriptOutputType.INTEGER, call.keys(), call.args()));
        }
        while (!inFlight.isEmpty()) {
            awaitStored(inFlight.removeFirst());
        }
        return jobs.size();
    }

    /** One call of enqueue-many.lua: every key it touches, and its arguments (see the script). */
    private record BulkCall(String[] keys, String[] args) {}

    private BulkCall bulkCall(List<NewJob> batch) {
        Map<String, Integer> platforms = new LinkedHashMap<>();
        Map<String, Integer> pairs = new LinkedHashMap<>();
        for (NewJob job : batch) {
            platforms.putIfAbsent(job.platform(), platforms.size() + 1);
            pairs.putIfAbsent(job.platform() + ":" + job.workflowId(), pairs.size() + 1);
        }
        List<String> scriptKeys = new ArrayList<>(3 + batch.size() + platforms.size() * 3 + pairs.size());
        scriptKeys.add(keys.sequence());
        scriptKeys.add(keys.jobIndex());
        scriptKeys.add(keys.historyPairs());
        batch.forEach(job -> scriptKeys.add(keys.job(job.jobId())));
        platforms.keySet().forEach(platform -> {
            scriptKeys.add(keys.queue(platform));
            scriptKeys.add(keys.wake(platform));
            scriptKeys.add(keys.queuedWorkflows(platform));
        });
        List<String> args = new ArrayList<>(3 + batch.size() * 7 + pairs.size());
        args.add(Integer.toString(batch.size()));
        args.add(Integer.toString(platforms.size()));
        args.add(Integer.toString(pairs.size()));
        for (NewJob job : batch) {
            String pair = job.platform() + ":" + job.workflowId();
            args.add(job.jobId());
            args.add(Integer.toString(job.priority()));
            args.add(job.workflowId());
            args.add(Json.write(job.params()));
            args.add(Json.write(job.metadata()));
            args.add(Integer.toString(platforms.get(job.platform())));
            args.add(Integer.toString(pairs.get(pair)));
        }
        for (NewJob job : batch) {
            String pair = job.platform() + ":" + job.workflowId();
            if (pairs.remove(pair) != null) {
                scriptKeys.add(keys.history(JobStatus.PENDING.wireName(), job.platform(), job.workflowId()));
                args.add(pair);
            }
        }
        return new BulkCall(scriptKeys.toArray(String[]::new), args.toArray(String[]::new));
    }

    private static void awaitStored(RedisFuture<Long> call) {
        try {
            call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while adding jobs", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisException redis ? redis : new RedisException(e.getCause());
        }
    }

    /**
     * Takes the platform's next job if the platform is free.
     *
     * @param lockToken  a token unique to this attempt; it owns the platform lock while the job runs
     * @param workerName the worker's name, recorded on the job and the running record
     */
    public Optional<ClaimedJob> claim(String platform, String lockToken, String workerName) {
        for (int attempt = 1; attempt <= STALE_RETRIES; attempt++) {
            ScriptReply seen = ScriptReply.of(PEEK.run(redis, ScriptOutputType.MULTI, new String[] {
                keys.queue(platform), keys.running(platform), keys.queuedWorkflows(platform)
            }));
            String head = seen.string("head");
            String headWorkflow = workflowOf(head, seen.string("head_workflow"));
            String running = seen.string("running");
            String orphan =
                    running.isEmpty() ? "" : Json.read(running).path("job_id").asText();
            String orphanWorkflow = running.isEmpty()
                    ? ""
                    : Json.read(running).path("workflow_id").asText();
            String filler = keys.queue(platform);
            ScriptReply reply = ScriptReply.of(CLAIM.run(
                    writeAbout(platform),
                    ScriptOutputType.MULTI,
                    new String[] {
                        keys.queue(platform),
                        keys.lock(platform),
                        keys.running(platform),
                        keys.deadLetters(),
                        keys.fence(platform),
                        keys.jobIndex(),
                        keys.paused(platform),
                        keys.lastFinished(platform),
                        keys.queuedWorkflows(platform),
                        head.isEmpty() ? filler : keys.job(head),
                        head.isEmpty() ? filler : keys.history(JobStatus.PENDING.wireName(), platform, headWorkflow),
                        orphan.isEmpty() ? filler : keys.job(orphan),
                        orphan.isEmpty() ? filler : keys.history(JobStatus.FAILED.wireName(), platform, orphanWorkflow)
                    },
                    lockToken,
                    Long.toString(policy.lease().toMillis()),
                    workerName,
                    head,
                    Integer.toString(policy.maxAttempts()),
                    running,
                    keys.jobEnded(platform)));
            if (reply.isEmpty()) {
                return Optional.empty();
            }
            if (reply.flag("stale")) {
                continue;
            }
            Map<String, String> hash = claimedHash(reply.list("job"), reply.string("job_id"), platform);
            expectNext(platform, reply);
            return Optional.of(new ClaimedJob(
                    JobRecord.fromHash(hash),
                    lockToken,
                    reply.flag("recovered"),
                    reply.number("fence"),
                    hash.get(TraceContextFields.TRACEPARENT)));
        }
        // the queue moved under every try (a burst of submits and claims): the next poll tries again
        return Optional.empty();
    }

    /**
     * The workflow of queued job {@code jobId} as the queued-workflow hash gave it; a job queued by a version
     * without that hash has no entry, and is read from its own hash instead.
     */
    private String workflowOf(String jobId, String known) {
        if (jobId.isEmpty() || !known.isEmpty()) {
            return known;
        }
        String workflow = redis.hget(keys.job(jobId), JobRecord.WORKFLOW_ID);
        return workflow == null ? "" : workflow;
    }

    /** Remembers the queue head a claim or finish answered with: the job the platform's next finish takes. */
    private void expectNext(String platform, ScriptReply reply) {
        String head = reply.string("next_head");
        if (head.isEmpty()) {
            expectedHeads.remove(platform);
        } else {
            expectedHeads.put(platform, new QueuedJob(head, workflowOf(head, reply.string("next_head_workflow"))));
        }
    }

    /** Milliseconds left on the platform lock's lease; 0 or less when no one holds it. */
    public long lockRemainingMillis(String platform) {
        Long left = redis.pttl(keys.lock(platform));
        return left == null ? 0 : left;
    }

    /** Extends the platform lease, and says whether the job has been asked to cancel. */
    public Lease renew(ClaimedJob job) {
        String renewed = RENEW.run(
                redis,
                ScriptOutputType.VALUE,
                new String[] {keys.lock(job.platform()), keys.cancel(job.jobId()), keys.job(job.jobId())},
                job.lockToken(),
                Long.toString(policy.lease().toMillis()),
                Long.toString(job.fence()));
        return switch (renewed) {
            case "held" -> Lease.HELD;
            case "cancel_requested" -> Lease.HELD_CANCEL_REQUESTED;
            case "lost" -> Lease.LOST;
            default -> throw new IllegalStateException("renew.lua answered '" + renewed + "'");
        };
    }

    /**
     * Hands a running job back to the head of its queue, pending again, keeping its checkpoint: for a worker
     * that stops before the job ends. False, writing nothing, when the lease was already lost.
     */
    public boolean release(ClaimedJob job) {
        Long released = RELEASE.run(
                writeAbout(job),
                ScriptOutputType.INTEGER,
                new String[] {
                    keys.lock(job.platform()),
                    keys.running(job.platform()),
                    keys.job(job.jobId()),
                    keys.queue(job.platform()),
                    keys.wake(job.platform()),
                    keys.fence(job.platform()),
                    job.historyIndex(keys, JobStatus.PENDING),
                    keys.jobIndex(),
                    keys.queuedWorkflows(job.platform())
                },
                job.lockToken(),
                job.jobId(),
                Long.toString(job.fence()),
                job.creationScore(),
                job.job().workflowId());
        return released != null && released == 1L;
    }

    /** Cancels a queued job at once, or asks a running one to stop at its next product. */
    public Cancellation cancel(String jobId) {
        return cancel(jobId, false);
    }

    /**
     * Cancels the job if it has not started yet; a running job is left to finish ({@link Cancellation#LEFT_RUNNING}).
     */
    public Cancellation cancelIfQueued(String jobId) {
        return cancel(jobId, true);
    }

    private Cancellation cancel(String jobId, boolean queuedOnly) {
        String result = "stale";
        for (int attempt = 1; attempt <= STALE_RETRIES && "stale".equals(result); attempt++) {
            // the job's queue and indexes are named from its hash, read first; the script checks they still hold
            List<String> read = redis.hmget(keys.job(jobId), JobRecord.PLATFORM, JobRecord.WORKFLOW_ID).stream()
                    .map(value -> value.getValueOrElse(""))
                    .toList();
            String platform = read.get(0);
            String workflow = read.get(1);
            result = CANCEL.run(
                    redis,
                    ScriptOutputType.VALUE,
                    new String[] {
                        keys.job(jobId),
                        keys.cancel(jobId),
                        keys.jobIndex(),
                        keys.queue(platform),
                        keys.queuedWorkflows(platform),
                        keys.history(JobStatus.PENDING.wireName(), platform, workflow),
                        keys.history(JobStatus.CANCELLED.wireName(), platform, workflow)
                    },
                    platform,
                    Long.toString(policy.retention().toSeconds()),
                    workflow,
                    keys.jobEnded(platform),
                    queuedOnly ? "1" : "0");
        }
        if ("stale".equals(result)) {
            throw new RedisException("job " + jobId + " kept changing while being cancelled");
        }
        if (result == null) {
            return Cancellation.NOT_FOUND;
        }
        return switch (result) {
            case "cancelled" -> Cancellation.CANCELLED;
            case "cancelling" -> Cancellation.CANCELLING;
            case "running" -> Cancellation.LEFT_RUNNING;
            default -> Cancellation.ALREADY_FINISHED;
        };
    }

    /**
     * Records the outcome and frees the platform. Returns false, writing nothing, when the lease was lost
     * (another worker may own the platform now). A retryable failure is handed to
     * {@link JobRetries#retryOrGiveUp}.
     */
    public boolean complete(ClaimedJob job, JobOutcome outcome) {
        if (outcome.retryable()) {
            return retries.retryOrGiveUp(job, outcome) != JobRetries.Decision.LEASE_LOST;
        }
        requireFinalMove(job, outcome);
        Long recorded = COMPLETE.run(
                writeAbout(job),
                ScriptOutputType.INTEGER,
                new String[] {
                    keys.lock(job.platform()),
                    keys.running(job.platform()),
                    keys.job(job.jobId()),
                    keys.results(job.jobId()),
                    keys.checkpoint(job.jobId()),
                    keys.checkpointItems(job.jobId()),
                    keys.cancel(job.jobId()),
                    keys.fence(job.platform()),
                    job.historyIndex(keys, outcome.status()),
                    keys.jobIndex(),
                    keys.lastFinished(job.platform())
                },
                withOutcomeFields(
                        outcome,
                        job.lockToken(),
                        Long.toString(policy.retention().toSeconds()),
                        Long.toString(job.fence()),
                        job.jobId(),
                        keys.jobEnded(job.platform()),
                        job.creationScore()));
        return recorded != null && recorded == 1L;
    }

    /** What {@link #finishAndClaimNext} did: whether the outcome was recorded, and the platform's next job. */
    public record Finished(boolean recorded, Optional<ClaimedJob> next) {}

    /**
     * Records a final outcome and takes the platform's next queued job under a new lease, in one round trip (a
     * busy worker's loop); frees the platform when the queue is empty. Nothing is written when the lease was
     * lost. The lease's expiry carries over to the next job: the worker pool's lease timer keeps renewing it.
     * A retryable failure goes to {@link JobRetries#retryOrGiveUp} instead.
     *
     * @param nextLockToken   a token unique to the next lease
     */
    public Finished finishAndClaimNext(ClaimedJob job, JobOutcome outcome, String nextLockToken, String workerName) {
        if (outcome.retryable()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": a retryable failure goes to JobRetries");
        }
        requireFinalMove(job, outcome);
        String platform = job.platform();
        QueuedJob expected = expectedHeads.remove(platform);
        String filler = keys.queue(platform);
        String[] args = withOutcomeFields(
                outcome,
                job.lockToken(),
                Long.toString(policy.retention().toSeconds()),
                Long.toString(job.fence()),
                nextLockToken,
                workerName,
                job.jobId(),
                expected == null ? "" : expected.jobId(),
                keys.jobEnded(platform),
                job.creationScore());
        String[] scriptKeys = {
            keys.lock(platform),
            keys.running(platform),
            keys.job(job.jobId()),
            keys.queue(platform),
            keys.fence(platform),
            keys.results(job.jobId()),
            keys.checkpoint(job.jobId()),
            keys.checkpointItems(job.jobId()),
            keys.cancel(job.jobId()),
            job.historyIndex(keys, outcome.status()),
            keys.jobIndex(),
            keys.lastFinished(platform),
            keys.paused(platform),
            keys.queuedWorkflows(platform),
            expected == null ? filler : keys.job(expected.jobId()),
            expected == null ? filler : keys.history(JobStatus.PENDING.wireName(), platform, expected.workflowId())
        };
        ScriptReply reply = ScriptReply.of(FINISH.run(writeAbout(job), ScriptOutputType.MULTI, scriptKeys, args));
        if (!reply.flag("recorded")) {
            return new Finished(false, Optional.empty());
        }
        if (reply.flag("head_changed")) {
            // the queue's head is not the job expected (a higher priority arrived, it was cancelled): the platform
            // was freed, and is claimed as an idle worker would
            return new Finished(true, claim(platform, nextLockToken, workerName));
        }
        if (!reply.has("job_id")) {
            return new Finished(true, Optional.empty());
        }
        expectNext(platform, reply);
        Map<String, String> hash = claimedHash(reply.list("job"), reply.string("job_id"), platform);
        // what finish.lua wrote on taking the job, which its reply leaves out
        hash.put(JobRecord.STATUS, JobStatus.RUNNING.wireName());
        hash.put(JobRecord.STARTED_AT, reply.string("started_at"));
        hash.put(JobRecord.WORKER, workerName);
        int attempts = Integer.parseInt(hash.getOrDefault(JobRecord.ATTEMPTS, "0")) + 1;
        hash.put(JobRecord.ATTEMPTS, Integer.toString(attempts));
        return new Finished(
                true,
                Optional.of(new ClaimedJob(
                        JobRecord.fromHash(hash),
                        nextLockToken,
                        false,
                        reply.number("fence"),
                        hash.get(TraceContextFields.TRACEPARENT))));
    }

    private static void requireFinalMove(ClaimedJob job, JobOutcome outcome) {
        if (!job.job().status().canMoveTo(outcome.status())) {
            throw new IllegalStateException(
                    "job " + job.jobId() + " cannot move from " + job.job().status() + " to " + outcome.status());
        }
    }

    /** Script arguments: {@code leading}, then the job hash fields a final outcome writes, as field/value pairs. */
    private static String[] withOutcomeFields(JobOutcome outcome, String... leading) {
        boolean completed = outcome.status() == JobStatus.COMPLETED;
        String[] args = Arrays.copyOf(leading, leading.length + (completed ? 8 : 6));
        int at = leading.length;
        args[at++] = JobRecord.STATUS;
        args[at++] = outcome.status().wireName();
        args[at++] = JobRecord.ERROR;
        args[at++] = outcome.error() == null ? "" : outcome.error();
        args[at++] = JobRecord.SUMMARY;
        args[at++] = outcome.summary() == null ? "" : Json.write(outcome.summary());
        if (completed) {
            args[at++] = JobRecord.PROGRESS;
            args[at] = "1";
        }
        return args;
    }

    /**
     * A claimed job's hash from a script's flat field/value list (a later pair wins over an earlier one of the same
     * field), with its id and platform when the hash lacks them.
     */
    private static Map<String, String> claimedHash(List<?> flat, String jobId, String platform) {
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        hash.putIfAbsent(JobRecord.JOB_ID, jobId);
        hash.putIfAbsent(JobRecord.PLATFORM, platform);
        return hash;
    }

    /** A worker's write about a platform: the writes of a claim stand even when too few replicas confirm them. */
    private JobWrite writeAbout(String platform) {
        return new JobWrite(redis, null, platform);
    }

    /** A worker's write about a job, as {@link #writeAbout(String)}. */
    private JobWrite writeAbout(ClaimedJob job) {
        return new JobWrite(redis, job.jobId(), job.platform());
    }
}
