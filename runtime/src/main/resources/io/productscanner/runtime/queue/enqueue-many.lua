-- Stores and queues many new jobs in one step (bulk submission): each job's hash and queue entry are written
-- together, as enqueue.lua does for one, but the sequence numbers, the clock, each platform's queue and wake
-- list and the history index are touched once per call instead of once per job. Jobs take consecutive
-- sequence numbers in the order given, so FIFO within a priority is the order of the list.
-- KEYS[1] sequence counter, KEYS[2] history index
-- ARGV[1] job key prefix, ARGV[2] queue key prefix, ARGV[3] wake list key prefix (the platform is appended),
-- ARGV[4..] six values per job: id, platform, priority, workflow id, params JSON, metadata JSON
-- Returns the sequence number of the first job.
local count = (#ARGV - 3) / 6
local last = redis.call('INCRBY', KEYS[1], count)
local first = last - count + 1
local t = redis.call('TIME')
local now = iso_time(t)
local now_ms = epoch_ms(t)
local span = 1099511627776
local queued = {}
local platforms = {}
local index = {}
for i = 0, count - 1 do
    local at = 4 + i * 6
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
return first
