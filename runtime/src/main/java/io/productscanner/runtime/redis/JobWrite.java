package io.productscanner.runtime.redis;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * A worker's write about one job or platform (a claim, an outcome, a hand-back), as {@link RedisScript} runs it: when fewer replicas than asked confirm it, the worker goes
 * on from what the primary did (the write stands there; refusing to go on would leave the platform's lease held by
 * no one until it expires) and the shortfall is logged with the job.
 *
 * @param jobId null when the write is about a platform (a claim, before a job is known)
 */
public record JobWrite(RedisCommands<String, String> commands, String jobId, String platform) {}
