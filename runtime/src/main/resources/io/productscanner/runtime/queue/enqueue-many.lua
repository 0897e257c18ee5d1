-- Stores and queues many new jobs in one step (bulk submission): each job's hash and queue entry are written
-- together, as enqueue.lua does for one, but the sequence numbers, the clock, each platform's queue and wake
-- list and the history indexes are touched once per call instead of once per job. Jobs take consecutive
-- sequence numbers in the order given, so FIFO within a priority is the order of the list. It is for trusted
-- bulk loading (benchmarks): it does not check the per-platform queue limit that enqueue.lua enforces.
-- KEYS[1] sequence counter, KEYS[2] every-job history index, KEYS[3] set of the platform:workflow pairs that
-- have jobs
-- ARGV[1] job key prefix, ARGV[2] queue key prefix, ARGV[3] wake list key prefix (the platform is appended),
-- ARGV[4] history index prefix (see history.lua),
-- ARGV[5..] six values per job: id, platform, priority, workflow id, params JSON, metadata JSON
-- Returns the sequence number of the first job.
local count = (#ARGV - 4) / 6
local last = redis.call('INCRBY', KEYS[1], count)
local first = last - count + 1
local t = redis.call('TIME')
local now = iso_time(t)
local now_ms = epoch_ms(t)
local span = 1099511627776
local queued = {}
local platforms = {}
local index = {}
local pending = {}
local pending_keys = {}
local pairs_seen = {}
for i = 0, count - 1 do
    local at = 5 + i * 6
    local id, platform, priority = ARGV[at], ARGV[at + 1], ARGV[at + 2]
    local seq = first + i
    redis.call('HSET', ARGV[1] .. id, 'job_id', id, 'workflow_id', ARGV[at + 3], 'platform', platform,
        'priority', priority, 'status', 'pending', 'attempts', '0', 'progress', '0', 'params', ARGV[at + 4],
        'metadata', ARGV[at + 5], 'seq', seq, 'created_at', now)
    local members = queued[platform]
    if not members then
        members = {}
        queued[platform] = members
        platforms[#platforms + 1] = platform
    end
    members[#members + 1] = tonumber(priority) * span + (span - seq)
    members[#members + 1] = id
    index[#index + 1] = now_ms
    index[#index + 1] = id
    local pending_key = history_key(ARGV[4], 'pending', platform, ARGV[at + 3])
    local group = pending[pending_key]
    if not group then
        group = {}
        pending[pending_key] = group
        pending_keys[#pending_keys + 1] = pending_key
        pairs_seen[#pairs_seen + 1] = platform .. ':' .. ARGV[at + 3]
    end
    group[#group + 1] = now_ms
    group[#group + 1] = id
end
for _, platform in ipairs(platforms) do
    local queue = ARGV[2] .. platform
    local added = redis.call('ZADD', queue, unpack(queued[platform]))
    -- the queue held nothing before: wake one idle worker of the platform
    if redis.call('ZCARD', queue) == added then
        redis.call('LPUSH', ARGV[3] .. platform, '1')
    end
end
redis.call('ZADD', KEYS[2], unpack(index))
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -100001)
for _, pending_key in ipairs(pending_keys) do
    redis.call('ZADD', pending_key, unpack(pending[pending_key]))
end
redis.call('SADD', KEYS[3], unpack(pairs_seen))
return first
