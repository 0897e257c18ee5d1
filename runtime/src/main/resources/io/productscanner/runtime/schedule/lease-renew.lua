-- Extends the scheduler lease if the caller still owns it.
-- KEYS[1] the lease; ARGV[1] owner token, ARGV[2] TTL in ms. Returns 1 when renewed.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
