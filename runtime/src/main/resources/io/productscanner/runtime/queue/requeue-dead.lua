-- Gives a dead-lettered job another go: in one step it leaves the dead-letter set and is queued on its
-- platform as pending, attempts reset to 0 and its last run's traces cleared, behind the queued jobs of its
-- priority. It keeps its checkpoint, so it resumes where its last worker stopped. A job not in the dead-letter
-- set is left alone, so two operators requeueing at once queue it once.
-- It moves from its failed history index to its pending one in the same step.
-- KEYS[1] dead-letter set, KEYS[2] job hash, KEYS[3] sequence counter, KEYS[4] every-job history index
-- ARGV[1] job id, ARGV[2] queue key prefix, ARGV[3] wake list key prefix (the platform is appended to both),
-- ARGV[4] history index prefix
-- Returns 'requeued:<platform>', 'not_dead' when the job is not dead-lettered, or 'gone' when its hash expired
-- (it is then dropped from the dead-letter set).
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
    return 'not_dead'
end
local platform = redis.call('HGET', KEYS[2], 'platform')
if not platform then
    redis.call('ZREM', KEYS[1], ARGV[1])
    return 'gone'
end
local job = redis.call('HMGET', KEYS[2], 'priority', 'workflow_id')
local priority = tonumber(job[1] or '0')
local workflow = job[2] or ''
local seq = redis.call('INCR', KEYS[3])
local span = 1099511627776
redis.call('HSET', KEYS[2], 'status', 'pending', 'attempts', 0, 'progress', 0, 'seq', seq, 'current_node', '',
    'started_at', '', 'completed_at', '', 'error', '', 'worker', '')
redis.call('PERSIST', KEYS[2])
local queue = ARGV[2] .. platform
redis.call('ZADD', queue, priority * span + (span - seq), ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
history_move(KEYS[4], history_key(ARGV[4], 'failed', platform, workflow),
    history_key(ARGV[4], 'pending', platform, workflow), ARGV[1], nil)
if redis.call('ZCARD', queue) == 1 then
    redis.call('LPUSH', ARGV[3] .. platform, '1')
end
return 'requeued:' .. platform
