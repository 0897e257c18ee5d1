-- Cancels a job. A queued job leaves its queue and ends as cancelled at once (moving from its pending history
-- index to its cancelled one, its end published on its platform's job-ended channel); a running job gets a
-- cancel request that its worker sees at the next lease renewal (within a second) and acts on at the next
-- product.
-- KEYS[1] job hash, KEYS[2] the job's cancel request, KEYS[3] every-job history index
-- ARGV[1] queue key prefix (the platform is appended), ARGV[2] retention seconds, ARGV[3] history index prefix,
-- ARGV[4] job-ended channel prefix (the platform is appended), ARGV[5] '1' to cancel only a job that has not
-- started (a running one is then left to finish)
-- Returns 'cancelled', 'cancelling', 'running' for a running job left alone, 'finished:<status>' for a job that
-- has already ended, or false when there is no such job.
local job = redis.call('HMGET', KEYS[1], 'status', 'platform', 'workflow_id', 'job_id')
local status = job[1]
if not status then
    return false
end
if status == 'pending' then
    local platform, workflow, id = job[2], job[3], job[4]
    redis.call('ZREM', ARGV[1] .. platform, id)
    redis.call('HSET', KEYS[1], 'status', 'cancelled', 'completed_at', now_iso(), 'error', 'cancelled before it started')
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    local cancelled = history_key(ARGV[3], 'cancelled', platform, workflow)
    history_move(KEYS[3], history_key(ARGV[3], 'pending', platform, workflow), cancelled, id, nil)
    history_trim(cancelled)
    redis.call('PUBLISH', ARGV[4] .. platform, id)
    return 'cancelled'
end
if status == 'running' then
    if ARGV[5] == '1' then
        return 'running'
    end
    redis.call('SET', KEYS[2], '1', 'EX', 86400)
    return 'cancelling'
end
return 'finished:' .. status
