-- Frees a stuck platform by hand: deletes its lock and running record, and puts the job that was running (if
-- it is still marked running) back at the head of its queue as pending, all in one step, so the job is never
-- both queued and running, nor neither. The worker that held the lock loses its lease at its next renewal and
-- discards its outcome (complete.lua checks the owner token). The forced hand-back does not count as an attempt.
-- The job handed back enters its pending history index again in the same step.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] platform queue, KEYS[4] platform wake list,
-- KEYS[5] platform fence counter (raised to the running job's token, which finish.lua may have issued past it),
-- KEYS[6] every-job history index
-- ARGV[1] job key prefix, ARGV[2] history index prefix, ARGV[3] the platform
-- Returns name/value pairs: {lock_was_held (0/1), running_job_id (or ''), requeued (0/1: that job went back to
-- its queue)}.
local held = redis.call('EXISTS', KEYS[1])
local record = redis.call('GET', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2])
if not record then
    return {'lock_was_held', held, 'running_job_id', '', 'requeued', 0}
end
local id = cjson.decode(record).job_id
local job = ARGV[1] .. id
local state = redis.call('HMGET', job, 'status', 'fence', 'workflow_id')
raise_fence(KEYS[5], state[2])
if state[1] ~= 'running' then
    return {'lock_was_held', held, 'running_job_id', id, 'requeued', 0}
end
redis.call('HSET', job, 'status', 'pending', 'current_node', '')
redis.call('HINCRBY', job, 'attempts', -1)
-- one step above the highest priority: ahead of everything queued, as release.lua does
redis.call('ZADD', KEYS[3], 1001 * 1099511627776, id)
redis.call('LPUSH', KEYS[4], '1')
history_move(KEYS[6], nil, history_key(ARGV[2], 'pending', ARGV[3], state[3] or ''), id, nil)
return {'lock_was_held', held, 'running_job_id', id, 'requeued', 1}
