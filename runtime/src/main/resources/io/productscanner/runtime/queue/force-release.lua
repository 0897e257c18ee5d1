-- Frees a stuck platform by hand: deletes its lock and running record, and puts the job that was running (if
-- it is still marked running) back at the head of its queue as pending, all in one step, so the job is never
-- both queued and running, nor neither. The worker that held the lock loses its lease at its next renewal and
-- discards its outcome (complete.lua checks the owner token). The forced hand-back does not count as an attempt.
-- The job handed back enters its pending history index again in the same step.
-- Every key it touches is in KEYS: the caller reads the running record first and names the job's hash and
-- pending index from it; if the record changed meanwhile nothing is written and the answer is stale.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] platform queue, KEYS[4] platform wake list,
-- KEYS[5] platform fence counter (raised to the running job's token, which finish.lua may have issued past it),
-- KEYS[6] every-job history index, KEYS[7] platform queued-workflow hash, KEYS[8] the running job's hash,
-- KEYS[9] its pending history index (the queue key again for both when there is no running record)
-- ARGV[1] the running record read ('' when none)
-- Returns name/value pairs: {lock_was_held (0/1), running_job_id (or ''), requeued (0/1: that job went back to
-- its queue)}, or {stale 1}.
local record = redis.call('GET', KEYS[2])
if (record or '') ~= ARGV[1] then
    return {'stale', 1}
end
local held = redis.call('EXISTS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
if not record then
    return {'lock_was_held', held, 'running_job_id', '', 'requeued', 0}
end
local running = cjson.decode(record)
local id = running.job_id
local state = redis.call('HMGET', KEYS[8], 'status', 'fence')
raise_fence(KEYS[5], state[2])
if state[1] ~= 'running' then
    return {'lock_was_held', held, 'running_job_id', id, 'requeued', 0}
end
redis.call('HSET', KEYS[8], 'status', 'pending', 'current_node', '')
redis.call('HINCRBY', KEYS[8], 'attempts', -1)
-- one step above the highest priority: ahead of everything queued, as release.lua does
redis.call('ZADD', KEYS[3], 1001 * 1099511627776, id)
redis.call('HSET', KEYS[7], id, running.workflow_id or '')
redis.call('LPUSH', KEYS[4], '1')
history_move(KEYS[6], nil, KEYS[9], id, nil)
return {'lock_was_held', held, 'running_job_id', id, 'requeued', 1}
