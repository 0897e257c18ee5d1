package io.productscanner.runtime.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import io.productscanner.runtime.redis.ScriptReply;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An operator's hold on a platform, outside the queue's own flow: free a stuck platform by hand, pause and resume
 * its queue, and ask the worker serving a platform to restart between jobs.
 */
public final class PlatformControl {
    private static final RedisScript FORCE_RELEASE = RedisScript.load(
                    JobQueue.class, "time.lua", "history.lua", "force-release.lua")
            .acknowledged();
    private static final RedisScript RESUME = RedisScript.load(JobQueue.class, "resume.lua");

    /** What a forced release found and did. */
    public record ForcedRelease(
            String platform, boolean lockWasHeld, Optional<String> runningJobId, boolean requeued) {}

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;

    public PlatformControl(RedisCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Frees the platform by hand: deletes its lock and running record, and puts a job still marked running back
     * at the head of its queue. Its worker finds its lease lost at the next renewal and discards its outcome.
     */
    public ForcedRelease forceRelease(String platform) {
        ScriptReply reply = ScriptReply.of(FORCE_RELEASE.run(
                redis,
                ScriptOutputType.MULTI,
                new String[] {
                    keys.lock(platform),
                    keys.running(platform),
                    keys.queue(platform),
                    keys.wake(platform),
                    keys.fence(platform),
                    keys.jobIndex()
                },
                keys.jobPrefix(),
                keys.historyPrefix(),
                platform));
        String jobId = reply.string("running_job_id");
        return new ForcedRelease(
                platform,
                reply.flag("lock_was_held"),
                jobId.isEmpty() ? Optional.empty() : Optional.of(jobId),
                reply.flag("requeued"));
    }

    /**
     * Pauses the platform's queue: its workers take no new job from it (the claim scripts check the flag), a
     * running job finishes, and submissions still queue. Returns whether it was running (not already paused).
     */
    public boolean pause(String platform) {
        return redis.setnx(keys.paused(platform), Json.timestamp(Instant.now()));
    }

    /**
     * Resumes the platform's queue and, when jobs wait in it, wakes an idle worker of the platform at once.
     * Returns whether it was paused.
     */
    public boolean resume(String platform) {
        Long resumed = RESUME.run(redis, ScriptOutputType.INTEGER, new String[] {
            keys.paused(platform), keys.queue(platform), keys.wake(platform)
        });
        return resumed != null && resumed == 1L;
    }

    /** Whether the platform's queue is paused. */
    public boolean isPaused(String platform) {
        return redis.exists(keys.paused(platform)) > 0;
    }

    /** Asks the worker serving {@code platform} to restart between jobs; the request lapses after {@code ttl}. */
    public void requestRestart(String platform, Duration ttl) {
        redis.psetex(keys.restart(platform), ttl.toMillis(), "1");
    }

    /** Takes a restart request for {@code platform}: true for exactly one caller per request. */
    public boolean takeRestartRequest(String platform) {
        Long deleted = redis.del(keys.restart(platform));
        return deleted != null && deleted > 0;
    }
}
