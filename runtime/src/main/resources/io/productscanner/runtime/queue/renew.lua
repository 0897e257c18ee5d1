-- Extends the platform lock's lease, only if this worker still owns it.
-- KEYS[1] platform lock; ARGV[1] owner token, ARGV[2] lease ms. Returns 1 when renewed, 0 when lost.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
