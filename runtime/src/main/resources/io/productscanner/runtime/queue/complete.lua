-- Records a job's outcome and frees its platform, only while this worker still holds the platform lock:
-- a worker whose lease ran out must not overwrite the job or release a lock that is no longer its own.
-- The job enters the history index of its outcome and its end is published on its platform's job-ended channel,
-- in the same step.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] job hash, KEYS[4] job results list,
-- KEYS[5], KEYS[6] the job's checkpoint keys, KEYS[7] its cancel request: none is needed once the job has ended,
-- KEYS[8] platform fence counter (raised to this lease's token, which finish.lua may have issued past it),
-- KEYS[9] the history index of its outcome, platform and workflow, KEYS[10] every-job history index,
-- KEYS[11] platform's last finished job record
-- The job must also still carry this lease's fencing token, so an outcome from an older lease is refused even
-- if its owner token were somehow current.
-- ARGV[1] owner token, ARGV[2] retention seconds, ARGV[3] fencing token, ARGV[4] job id, ARGV[5] the platform's
-- job-ended channel, ARGV[6] the job's creation score ('' if unknown),
-- ARGV[7..] job hash field/value pairs (completed_at is set here)
-- Returns 1 when recorded, 0 when the lease was lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HGET', KEYS[3], 'fence') ~= ARGV[3] then
    return 0
end
redis.call('HSET', KEYS[3], 'completed_at', now_iso(), unpack(ARGV, 7))
redis.call('EXPIRE', KEYS[3], ARGV[2])
redis.call('EXPIRE', KEYS[4], ARGV[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[5], KEYS[6], KEYS[7])
raise_fence(KEYS[8], ARGV[3])
history_move(KEYS[10], nil, KEYS[9], ARGV[4], given_score(ARGV[6]))
history_trim(KEYS[9])
record_last_finished(KEYS[11], KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[4])
return 1
