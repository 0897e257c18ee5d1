-- Gives a running job back when its worker stops before the job ends (shutdown past the grace period): the job
-- becomes pending again at the head of its queue, keeps its checkpoint so the next worker resumes it, and the
-- hand-back does not count as an attempt. Only the lock's owner may do this.
-- The job enters its pending history index again in the same step.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] job hash, KEYS[4] platform queue,
-- KEYS[5] platform wake list, KEYS[6] platform fence counter, KEYS[7] the pending history index of its platform
-- and workflow, KEYS[8] every-job history index, KEYS[9] platform queued-workflow hash
-- ARGV[1] owner token, ARGV[2] job id, ARGV[3] fencing token, ARGV[4] the job's creation score ('' if unknown),
-- ARGV[5] its workflow id
-- Returns 1 when handed back, 0 when the lease was already lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 0
end
redis.call('HSET', KEYS[3], 'status', 'pending', 'current_node', '')
redis.call('HINCRBY', KEYS[3], 'attempts', -1)
-- one step above the highest priority: ahead of everything queued
redis.call('ZADD', KEYS[4], 1001 * 1099511627776, ARGV[2])
redis.call('HSET', KEYS[9], ARGV[2], ARGV[5])
redis.call('DEL', KEYS[1], KEYS[2])
raise_fence(KEYS[6], ARGV[3])
redis.call('LPUSH', KEYS[5], '1')
history_move(KEYS[8], nil, KEYS[7], ARGV[2], given_score(ARGV[4]))
return 1
