-- Moves retries whose time has come (score <= now, Redis clock) from the scheduled set to their platforms'
-- queues, up to a limit per call. Each job leaves the scheduled set and enters its queue in the same step, with
-- its priority's score and a fresh sequence number, so it runs behind the jobs of its priority already queued
-- (FIFO). An idle worker of the platform is woken when its queue was empty. Being one script, several
-- processes may run it at once: a job is moved by exactly one of them. A scheduled job that is no longer pending
-- (cancelled meanwhile) or whose hash has expired is only dropped from the scheduled set.
-- Every key it touches is in KEYS: the caller reads the earliest scheduled jobs and their platforms first (a
-- job's platform never changes) and names each one's hash, queue, wake list and queued-workflow hash; the jobs of
-- those not yet due stay where they are.
-- KEYS[1] scheduled set, KEYS[2] sequence counter, then four keys per job: its hash, its platform's queue, wake
-- list and queued-workflow hash
-- ARGV[1..] the jobs' ids, in the order of their keys
-- Returns the number of jobs queued.
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local span = 1099511627776
local moved = 0
for i, id in ipairs(ARGV) do
    local due = redis.call('ZSCORE', KEYS[1], id)
    if due and tonumber(due) <= now_ms then
        local base = 2 + (i - 1) * 4
        local job = KEYS[base + 1]
        local fields = redis.call('HMGET', job, 'status', 'platform', 'priority', 'workflow_id')
        if fields[1] == 'pending' and fields[2] then
            local seq = redis.call('INCR', KEYS[2])
            redis.call('HSET', job, 'seq', seq, 'retry_at', '')
            local queue = KEYS[base + 2]
            redis.call('ZADD', queue, tonumber(fields[3] or '0') * span + (span - seq), id)
            redis.call('HSET', KEYS[base + 4], id, fields[4] or '')
            if redis.call('ZCARD', queue) == 1 then
                redis.call('LPUSH', KEYS[base + 3], '1')
            end
            moved = moved + 1
        end
        redis.call('ZREM', KEYS[1], id)
    end
end
return moved
