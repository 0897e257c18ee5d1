-- Gives a dead-lettered job another go: in one step it leaves the dead-letter set and is queued on its
-- platform as pending, attempts reset to 0 and its last run's traces cleared, behind the queued jobs of its
-- priority. It keeps its checkpoint, so it resumes where its last worker stopped. A job not in the dead-letter
-- set is left alone, so two operators requeueing at once queue it once.
-- It moves from its failed history index to its pending one in the same step.
-- Every key it touches is in KEYS: the caller reads the job's platform and workflow first (neither ever changes)
-- and names its queue and indexes.
-- KEYS[1] dead-letter set, KEYS[2] job hash, KEYS[3] sequence counter, KEYS[4] every-job history index,
-- KEYS[5] its platform's queue, KEYS[6] its wake list, KEYS[7] its queued-workflow hash, KEYS[8] the job's failed
-- history index, KEYS[9] its pending history index
-- ARGV[1] job id, ARGV[2] the platform read, ARGV[3] the workflow read
-- Returns 'requeued:<platform>', 'not_dead' when the job is not dead-lettered, 'stale' when its platform or
-- workflow is not the one read, or 'gone' when its hash expired (it is then dropped from the dead-letter set).
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
    return 'not_dead'
end
local job = redis.call('HMGET', KEYS[2], 'platform', 'priority', 'workflow_id')
local platform = job[1]
if not platform then
    redis.call('ZREM', KEYS[1], ARGV[1])
    return 'gone'
end
if platform ~= ARGV[2] or (job[3] or '') ~= ARGV[3] then
    return 'stale'
end
local priority = tonumber(job[2] or '0')
local seq = redis.call('INCR', KEYS[3])
local span = 1099511627776
redis.call('HSET', KEYS[2], 'status', 'pending', 'attempts', 0, 'progress', 0, 'seq', seq, 'current_node', '',
    'started_at', '', 'completed_at', '', 'error', '', 'worker', '')
redis.call('PERSIST', KEYS[2])
redis.call('ZADD', KEYS[5], priority * span + (span - seq), ARGV[1])
redis.call('HSET', KEYS[7], ARGV[1], ARGV[3])
redis.call('ZREM', KEYS[1], ARGV[1])
history_move(KEYS[4], KEYS[8], KEYS[9], ARGV[1], nil)
if redis.call('ZCARD', KEYS[5]) == 1 then
    redis.call('LPUSH', KEYS[6], '1')
end
return 'requeued:' .. platform
