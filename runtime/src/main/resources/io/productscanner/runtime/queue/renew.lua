-- Extends the platform lock's lease, only if this worker still owns it, and tells it whether its job has been
-- asked to cancel. A job that no longer carries this lease's fencing token has been taken over: lease lost.
-- KEYS[1] platform lock, KEYS[2] the job's cancel request, KEYS[3] job hash;
-- ARGV[1] owner token, ARGV[2] lease ms, ARGV[3] fencing token.
-- Returns 'lost' when the lease is lost, 'held' when renewed, 'cancel_requested' when renewed and the job is to be
-- cancelled.
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HGET', KEYS[3], 'fence') ~= ARGV[3] then
    return 'lost'
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then
    return 'cancel_requested'
end
return 'held'
