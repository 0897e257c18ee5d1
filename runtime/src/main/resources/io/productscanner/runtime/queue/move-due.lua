-- Moves retries whose time has come (score <= now, Redis clock) from the scheduled set to their platforms'
-- queues, up to a limit per call. Each job leaves the scheduled set and enters its queue in the same step, with
-- its priority's score and a fresh sequence number, so it runs behind the jobs of its priority already queued
-- (FIFO). An idle worker of the platform is woken when its queue was empty. Being one script, several
-- processes may run it at once: a job is moved by exactly one of them. A scheduled job that is no longer pending
-- (cancelled meanwhile) or whose hash has expired is only dropped from the scheduled set.
-- KEYS[1] scheduled set, KEYS[2] sequence counter
-- ARGV[1] job key prefix, ARGV[2] queue key prefix, ARGV[3] wake list key prefix (the platform is appended to
-- both), ARGV[4] most jobs to move
-- Returns the number of jobs queued.
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now_ms, 'LIMIT', 0, tonumber(ARGV[4]))
local span = 1099511627776
local moved = 0
for _, id in ipairs(due) do
    local job = ARGV[1] .. id
    local fields = redis.call('HMGET', job, 'status', 'platform', 'priority')
    if fields[1] == 'pending' and fields[2] then
        local seq = redis.call('INCR', KEYS[2])
        redis.call('HSET', job, 'seq', seq, 'retry_at', '')
        local queue = ARGV[2] .. fields[2]
        redis.call('ZADD', queue, tonumber(fields[3] or '0') * span + (span - seq), id)
        if redis.call('ZCARD', queue) == 1 then
            redis.call('LPUSH', ARGV[3] .. fields[2], '1')
        end
        moved = moved + 1
    end
    redis.call('ZREM', KEYS[1], id)
end
return moved
