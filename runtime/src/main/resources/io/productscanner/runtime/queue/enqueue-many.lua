-- Stores and queues many new jobs in one step (bulk submission): each job's hash and queue entry are written
-- together, as enqueue.lua does for one, but the sequence numbers, the clock, each platform's queue and wake
-- list and the history indexes are touched once per call instead of once per job. Jobs take consecutive
-- sequence numbers in the order given, so FIFO within a priority is the order of the list. It is for trusted
-- bulk loading (benchmarks): it does not check the per-platform queue limit that enqueue.lua enforces.
-- Every key it touches is in KEYS: the caller names each job's hash, each platform's queue, wake list and
-- queued-workflow hash, and each pending index.
-- KEYS[1] sequence counter, KEYS[2] every-job history index, KEYS[3] set of the platform:workflow pairs that
-- have jobs, then one hash per job (KEYS[4..3+jobs]), then three keys per platform (its queue, wake list and
-- queued-workflow hash), then one pending history index per platform:workflow pair
-- ARGV[1] how many jobs, ARGV[2] how many platforms, ARGV[3] how many platform:workflow pairs,
-- ARGV[4..] seven values per job: id, priority, workflow id, params JSON, metadata JSON, its platform's number and
-- its pair's number (1-based, in the order of the keys), then the pairs (platform:workflow) in order
-- Returns the sequence number of the first job.
local count = tonumber(ARGV[1])
local platform_count = tonumber(ARGV[2])
local pair_count = tonumber(ARGV[3])
local platform_keys = 3 + count
local pair_keys = platform_keys + platform_count * 3
local pair_args = 4 + count * 7
local last = redis.call('INCRBY', KEYS[1], count)
local first = last - count + 1
local t = redis.call('TIME')
local now = iso_time(t)
local now_ms = epoch_ms(t)
local span = 1099511627776
local queued = {}
local workflows = {}
local index = {}
local pending = {}
for i = 0, count - 1 do
    local at = 4 + i * 7
    local id, priority, workflow = ARGV[at], ARGV[at + 1], ARGV[at + 2]
    local platform_number, pair_number = tonumber(ARGV[at + 5]), tonumber(ARGV[at + 6])
    local pair = ARGV[pair_args + pair_number - 1]
    local platform = string.sub(pair, 1, #pair - #workflow - 1)
    local seq = first + i
    redis.call('HSET', KEYS[4 + i], 'job_id', id, 'workflow_id', workflow, 'platform', platform,
        'priority', priority, 'status', 'pending', 'attempts', '0', 'progress', '0', 'params', ARGV[at + 3],
        'metadata', ARGV[at + 4], 'seq', seq, 'created_at', now)
    local members = queued[platform_number]
    if not members then
        members = {}
        queued[platform_number] = members
        workflows[platform_number] = {}
    end
    members[#members + 1] = tonumber(priority) * span + (span - seq)
    members[#members + 1] = id
    local named = workflows[platform_number]
    named[#named + 1] = id
    named[#named + 1] = workflow
    index[#index + 1] = now_ms
    index[#index + 1] = id
    local group = pending[pair_number]
    if not group then
        group = {}
        pending[pair_number] = group
    end
    group[#group + 1] = now_ms
    group[#group + 1] = id
end
for number = 1, platform_count do
    local base = platform_keys + (number - 1) * 3
    local queue = KEYS[base + 1]
    local added = redis.call('ZADD', queue, unpack(queued[number]))
    redis.call('HSET', KEYS[base + 3], unpack(workflows[number]))
    -- the queue held nothing before: wake one idle worker of the platform
    if redis.call('ZCARD', queue) == added then
        redis.call('LPUSH', KEYS[base + 2], '1')
    end
end
redis.call('ZADD', KEYS[2], unpack(index))
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -100001)
local pairs_seen = {}
for number = 1, pair_count do
    redis.call('ZADD', KEYS[pair_keys + number], unpack(pending[number]))
    pairs_seen[#pairs_seen + 1] = ARGV[pair_args + number - 1]
end
redis.call('SADD', KEYS[3], unpack(pairs_seen))
return first
