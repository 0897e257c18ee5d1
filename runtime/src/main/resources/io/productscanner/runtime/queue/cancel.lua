-- Cancels a job. A queued job leaves its queue and ends as cancelled at once; a running job gets a cancel
-- request that its worker sees at the next lease renewal (within a second) and acts on at the next product.
-- KEYS[1] job hash, KEYS[2] the job's cancel request
-- ARGV[1] queue key prefix (the platform is appended), ARGV[2] retention seconds
-- Returns 'cancelled', 'cancelling', 'finished:<status>' for a job that has already ended, or false when there
-- is no such job.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
    return false
end
if status == 'pending' then
    local platform = redis.call('HGET', KEYS[1], 'platform')
    redis.call('ZREM', ARGV[1] .. platform, redis.call('HGET', KEYS[1], 'job_id'))
    redis.call('HSET', KEYS[1], 'status', 'cancelled', 'completed_at', now_iso(), 'error', 'cancelled before it started')
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    return 'cancelled'
end
if status == 'running' then
    redis.call('SET', KEYS[2], '1', 'EX', 86400)
    return 'cancelling'
end
return 'finished:' .. status
