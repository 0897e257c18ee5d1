-- Extends the platform lock's lease, only if this worker still owns it, and tells it whether its job has been
-- asked to cancel.
-- KEYS[1] platform lock, KEYS[2] the job's cancel request; ARGV[1] owner token, ARGV[2] lease ms.
-- Returns 0 when the lease is lost, 1 when renewed, 2 when renewed and the job is to be cancelled.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1 + redis.call('EXISTS', KEYS[2])
