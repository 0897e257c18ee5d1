-- Stores a new job and queues it in one step, so a job is never queued without its hash or the reverse.
-- Run order is descending score: higher priority first, FIFO within a priority:
--   score = priority * 2^40 + (2^40 - sequence), exact in a double for |priority| <= 1000.
-- Wakes one idle worker of the platform when the queue was empty; a busy worker takes the next job itself.
-- With an idempotency key, a key already taken returns that first job instead of storing a new one, so a
-- client retrying a submit cannot queue the same work twice. A platform whose queue already holds the most
-- jobs allowed takes no new one (checked here, so two submits cannot both take the last place); a repeat of
-- an idempotency key is still answered. The job also enters the history indexes (the every-job index, newest
-- 100,000 kept, and its platform's and workflow's pending index), in the same step, so the history never lists
-- a job that was not stored.
-- Every key it touches is in KEYS (docs/REDIS.md, "Keys declared"): the caller reads the idempotency key first
-- and names the first job's hash; if the key no longer holds what the caller read, nothing is written and the
-- answer is stale (the caller reads again and retries).
-- KEYS[1] job hash, KEYS[2] platform queue, KEYS[3] platform wake list, KEYS[4] sequence counter,
-- KEYS[5] every-job history index, KEYS[6] the pending index of the job's platform and workflow,
-- KEYS[7] set of the platform:workflow pairs that have jobs, KEYS[8] the platform's queued-workflow hash,
-- KEYS[9] idempotency key (optional), KEYS[10] the hash of the job it held when the caller read it (optional)
-- ARGV[1] job id, ARGV[2] priority, ARGV[3] idempotency key TTL seconds, ARGV[4] most jobs the platform's queue
-- may hold (0 = no limit), ARGV[5] the job's platform:workflow pair, ARGV[6] the job id the idempotency key held
-- when read ('' if none), ARGV[7] the job's workflow id, ARGV[8..] job hash field/value pairs (created_at is set
-- here)
-- Returns, as name/value pairs: {sequence, job_id, duplicate 0, status 'pending'} for a new job; {sequence 0,
-- job_id (the first job's), duplicate 1, its status, workflow_id and platform} for a repeat; {queue_full 1,
-- queued (jobs queued)} when the queue is full (nothing written); {stale 1} when the idempotency key changed
-- since the caller read it (nothing written).
if KEYS[9] then
    local first = redis.call('GET', KEYS[9])
    if (first or '') ~= ARGV[6] then
        return {'stale', 1}
    end
    if first then
        local first_job = redis.call('HMGET', KEYS[10], 'status', 'workflow_id', 'platform')
        if first_job[1] then
            -- a write that changes nothing, so a WAIT after this call confirms the replicas have everything up to
            -- now, the first job included: a repeat is acknowledged only when the job it names is as durable
            redis.call('SET', KEYS[9], first, 'KEEPTTL')
            return {'sequence', 0, 'job_id', first, 'duplicate', 1, 'status', first_job[1],
                'workflow_id', first_job[2], 'platform', first_job[3]}
        end
        -- the first job's hash is gone: the key no longer protects anything, so this submit takes it over
    end
end
local queued = redis.call('ZCARD', KEYS[2])
local most = tonumber(ARGV[4])
if most > 0 and queued >= most then
    return {'queue_full', 1, 'queued', queued}
end
if KEYS[9] then
    redis.call('SET', KEYS[9], ARGV[1], 'EX', ARGV[3])
end
local seq = redis.call('INCR', KEYS[4])
local span = 1099511627776
local t = redis.call('TIME')
local created = epoch_ms(t)
redis.call('HSET', KEYS[1], 'seq', seq, 'created_at', iso_time(t), unpack(ARGV, 8))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) * span + (span - seq), ARGV[1])
redis.call('HSET', KEYS[8], ARGV[1], ARGV[7])
if queued == 0 then
    redis.call('LPUSH', KEYS[3], '1')
end
redis.call('ZADD', KEYS[5], created, ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -100001)
redis.call('ZADD', KEYS[6], created, ARGV[1])
redis.call('SADD', KEYS[7], ARGV[5])
return {'sequence', seq, 'job_id', ARGV[1], 'duplicate', 0, 'status', 'pending'}
