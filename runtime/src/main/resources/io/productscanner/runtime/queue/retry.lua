-- Ends a run that failed for a reason a later run may not meet (an error, a timeout), in one step, only while
-- this worker still holds the platform lock and the job carries this lease's fencing token:
--  * attempts left (attempts < max attempts): the job becomes pending again with the error as last_error and
--    waits in the scheduled set until now + the delay, when a mover (move-due.lua) queues it; it keeps its
--    checkpoint, so the next run resumes where this one stopped;
--  * attempts used up: the job ends failed with the error and goes to the dead-letter set;
--  * a cancel request arrived meanwhile: the job ends cancelled instead of running again.
-- Either way the platform lock and running record go, so the platform is free at once, and the job is never
-- both scheduled and queued, nor neither.
-- The job enters the history index of its new status (pending, failed or cancelled) in the same step, and an
-- end (failed, cancelled) is published on its platform's job-ended channel.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] job hash, KEYS[4] scheduled set,
-- KEYS[5] dead-letter set, KEYS[6] job results list, KEYS[7], KEYS[8] the job's checkpoint keys,
-- KEYS[9] its cancel request, KEYS[10] platform fence counter, KEYS[11], KEYS[12], KEYS[13] the pending, failed
-- and cancelled history indexes of its platform and workflow, KEYS[14] every-job history index,
-- KEYS[15] platform's last finished job record (an end, failed or cancelled, is recorded there)
-- ARGV[1] owner token, ARGV[2] fencing token, ARGV[3] retention seconds, ARGV[4] max attempts,
-- ARGV[5] retry delay ms, ARGV[6] error, ARGV[7] summary JSON ('' for none), ARGV[8] the platform's job-ended
-- channel, ARGV[9] the job's creation score ('' if unknown)
-- Returns 'lease_lost' (nothing written), 'scheduled', 'dead_lettered' or 'cancelled'.
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HGET', KEYS[3], 'fence') ~= ARGV[2] then
    return 'lease_lost'
end
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local attempts = tonumber(redis.call('HGET', KEYS[3], 'attempts') or '0')
local id = redis.call('HGET', KEYS[3], 'job_id')
local created = given_score(ARGV[9])
redis.call('DEL', KEYS[1], KEYS[2])
raise_fence(KEYS[10], ARGV[2])
if redis.call('EXISTS', KEYS[9]) == 1 then
    redis.call('HSET', KEYS[3], 'status', 'cancelled', 'completed_at', now_iso(), 'error', 'cancelled on request',
        'last_error', ARGV[6], 'summary', ARGV[7], 'current_node', '')
    redis.call('EXPIRE', KEYS[3], ARGV[3])
    redis.call('EXPIRE', KEYS[6], ARGV[3])
    redis.call('DEL', KEYS[7], KEYS[8], KEYS[9])
    history_move(KEYS[14], nil, KEYS[13], id, created)
    history_trim(KEYS[13])
    record_last_finished(KEYS[15], KEYS[3], id)
    redis.call('PUBLISH', ARGV[8], id)
    return 'cancelled'
end
if attempts >= tonumber(ARGV[4]) then
    -- kept without expiry, as claim.lua keeps the jobs it dead-letters, until someone requeues or reads it
    redis.call('HSET', KEYS[3], 'status', 'failed', 'completed_at', now_iso(), 'error', ARGV[6],
        'last_error', ARGV[6], 'summary', ARGV[7], 'current_node', '')
    redis.call('ZADD', KEYS[5], now_ms, id)
    history_move(KEYS[14], nil, KEYS[12], id, created)
    history_trim(KEYS[12])
    record_last_finished(KEYS[15], KEYS[3], id)
    redis.call('PUBLISH', ARGV[8], id)
    return 'dead_lettered'
end
redis.call('HSET', KEYS[3], 'status', 'pending', 'last_error', ARGV[6], 'current_node', '',
    'retry_at', now_ms + tonumber(ARGV[5]))
redis.call('ZADD', KEYS[4], now_ms + tonumber(ARGV[5]), id)
history_move(KEYS[14], nil, KEYS[11], id, created)
return 'scheduled'
