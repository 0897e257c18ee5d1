-- Cancels a job. A queued job leaves its queue and ends as cancelled at once (moving from its pending history
-- index to its cancelled one, its end published on its platform's job-ended channel); a running job gets a
-- cancel request that its worker sees at the next lease renewal (within a second) and acts on at the next
-- product.
-- Every key it touches is in KEYS: the caller reads the job's platform and workflow first and names its queue
-- and indexes; a job whose hash no longer says what the caller read is left alone and the answer is stale.
-- KEYS[1] job hash, KEYS[2] the job's cancel request, KEYS[3] every-job history index, KEYS[4] its platform's
-- queue, KEYS[5] its platform's queued-workflow hash, KEYS[6] its pending history index, KEYS[7] its cancelled
-- history index
-- ARGV[1] the platform read, ARGV[2] retention seconds, ARGV[3] the workflow read, ARGV[4] its platform's job-ended
-- channel, ARGV[5] '1' to cancel only a job that has not started (a running one is then left to finish)
-- Returns 'cancelled', 'cancelling', 'running' for a running job left alone, 'finished:<status>' for a job that
-- has already ended, 'stale' when the job's platform or workflow is not the one read, or false when there is no
-- such job.
local job = redis.call('HMGET', KEYS[1], 'status', 'platform', 'workflow_id', 'job_id')
local status = job[1]
if not status then
    return false
end
if status == 'pending' then
    local id = job[4]
    if job[2] ~= ARGV[1] or job[3] ~= ARGV[3] then
        return 'stale'
    end
    redis.call('ZREM', KEYS[4], id)
    redis.call('HDEL', KEYS[5], id)
    redis.call('HSET', KEYS[1], 'status', 'cancelled', 'completed_at', now_iso(), 'error', 'cancelled before it started')
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    history_move(KEYS[3], KEYS[6], KEYS[7], id, nil)
    history_trim(KEYS[7])
    redis.call('PUBLISH', ARGV[4], id)
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
