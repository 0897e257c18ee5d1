package io.productscanner.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every queue's state for an operator: paused or not, how many jobs wait and for how long, the running job with
 * its progress, the platform lock, and the job that ended last. Two pipelined round trips whatever the history
 * holds: the first reads each queue's own keys, the second the running and last jobs' hashes and the oldest entry
 * of each pending index of the queue.
 */
public final class QueueOverview {

    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final Clock clock;

    public QueueOverview(RedisAsyncCommands<String, String> async, RedisKeys keys, Clock clock) {
        this.async = async;
        this.keys = keys;
        this.clock = clock;
    }

    /** The job a queue runs now. */
    public record Running(
            String jobId,
            String workflowId,
            double progress,
            String currentNode,
            String startedAt,
            long elapsedSeconds,
            int attempts,
            String worker) {}

    /** Who holds a queue's lock (the worker's name) and for how much longer. */
    public record Lock(String holder, long leaseLeftMs) {}

    /** The job of a queue that ended last. */
    public record LastFinished(String jobId, String workflowId, String status, String completedAt, JsonNode summary) {}

    /**
     * One queue. {@code oldestWaitSeconds} is null when nothing waits; {@code running}, {@code lock} and
     * {@code lastFinished} are null when there is none.
     */
    public record QueueState(
            String queue,
            boolean paused,
            long waiting,
            Long oldestWaitSeconds,
            Running running,
            Lock lock,
            LastFinished lastFinished) {}

    /** Futures of one queue's first round. */
    private record FirstRound(
            RedisFuture<Long> paused,
            RedisFuture<Long> waiting,
            RedisFuture<String> running,
            RedisFuture<String> lock,
            RedisFuture<Long> lockLeft,
            RedisFuture<String> lastFinished) {}

    /** Futures of one queue's second round; null where there was nothing to read. */
    private record SecondRound(
            JsonNode runningRecord,
            RedisFuture<List<KeyValue<String, String>>> runningJob,
            JsonNode lastRecord,
            RedisFuture<String> lastSummary,
            List<RedisFuture<List<ScoredValue<String>>>> oldestPending) {}

    public List<QueueState> read(List<String> queues) {
        RedisFuture<Set<String>> pairsReply = async.smembers(keys.historyPairs());
        List<FirstRound> first = new ArrayList<>();
        for (String queue : queues) {
            first.add(new FirstRound(
                    async.exists(keys.paused(queue)),
                    async.zcard(keys.queue(queue)),
                    async.get(keys.running(queue)),
                    async.get(keys.lock(queue)),
                    async.pttl(keys.lock(queue)),
                    async.get(keys.lastFinished(queue))));
        }
        Set<String> pairs = await(pairsReply);
        List<SecondRound> second = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            String queue = queues.get(i);
            FirstRound round = first.get(i);
            JsonNode running = jsonOrNull(await(round.running()));
            JsonNode last = jsonOrNull(await(round.lastFinished()));
            List<RedisFuture<List<ScoredValue<String>>>> oldest = new ArrayList<>();
            if (await(round.waiting()) > 0) {
                for (String pair : pairs) {
                    if (pair.startsWith(queue + ":")) {
                        String workflowId = pair.substring(queue.length() + 1);
                        oldest.add(async.zrangeWithScores(
                                keys.history(JobStatus.PENDING.wireName(), queue, workflowId), 0, 0));
                    }
                }
            }
            second.add(new SecondRound(
                    running,
                    running == null
                            ? null
                            : async.hmget(
                                    keys.job(running.path("job_id").asText()),
                                    JobRecord.PROGRESS,
                                    JobRecord.CURRENT_NODE,
                                    JobRecord.ATTEMPTS),
                    last,
                    last == null
                            ? null
                            : async.hget(keys.job(last.path("job_id").asText()), JobRecord.SUMMARY),
                    oldest));
        }
        Instant now = clock.instant();
        List<QueueState> states = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            FirstRound round = first.get(i);
            SecondRound more = second.get(i);
            long waiting = await(round.waiting());
            states.add(new QueueState(
                    queues.get(i),
                    await(round.paused()) > 0,
                    waiting,
                    waiting == 0 ? null : oldestWaitSeconds(more.oldestPending(), now),
                    running(more, now),
                    lock(await(round.lock()), await(round.lockLeft())),
                    lastFinished(more)));
        }
        return states;
    }

    private Running running(SecondRound round, Instant now) {
        if (round.runningRecord() == null) {
            return null;
        }
        JsonNode record = round.runningRecord();
        List<KeyValue<String, String>> fields = await(round.runningJob());
        String startedAt = record.path("started_at").asText(null);
        Instant started = instantOrNull(startedAt);
        return new Running(
                record.path("job_id").asText(),
                record.path("workflow_id").asText(null),
                parseOr(fields.get(0), 0),
                blankToNull(fields.get(1).getValueOrElse(null)),
                startedAt,
                started == null ? 0 : Math.max(0, Duration.between(started, now).toSeconds()),
                (int) parseOr(fields.get(2), 0),
                record.path("worker").asText(null));
    }

    private LastFinished lastFinished(SecondRound round) {
        if (round.lastRecord() == null) {
            return null;
        }
        JsonNode record = round.lastRecord();
        return new LastFinished(
                record.path("job_id").asText(),
                blankToNull(record.path("workflow_id").asText(null)),
                blankToNull(record.path("status").asText(null)),
                blankToNull(record.path("completed_at").asText(null)),
                jsonOrNull(await(round.lastSummary())));
    }

    /** Seconds the oldest pending job of the queue has waited since it was created (ms scores, Redis clock). */
    private static Long oldestWaitSeconds(List<RedisFuture<List<ScoredValue<String>>>> indexes, Instant now) {
        double oldest = Double.POSITIVE_INFINITY;
        for (RedisFuture<List<ScoredValue<String>>> index : indexes) {
            for (ScoredValue<String> entry : await(index)) {
                oldest = Math.min(oldest, entry.getScore());
            }
        }
        if (oldest == Double.POSITIVE_INFINITY) {
            return null;
        }
        return Math.max(0, (now.toEpochMilli() - (long) oldest) / 1000);
    }

    private static Lock lock(String token, Long leftMs) {
        if (token == null || leftMs == null || leftMs == -2) {
            return null;
        }
        return new Lock(LockToken.holder(token), Math.max(0, leftMs));
    }

    private static double parseOr(KeyValue<String, String> field, double otherwise) {
        String value = field.getValueOrElse(null);
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Instant instantOrNull(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static JsonNode jsonOrNull(String value) {
        return value == null || value.isEmpty() ? null : Json.read(value);
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Redis", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisException("cannot read the queues from Redis: " + e.getMessage(), e);
        }
    }
}
