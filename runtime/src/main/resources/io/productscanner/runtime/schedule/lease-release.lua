-- Gives the scheduler lease up if the caller owns it, so another process can take it at once.
-- KEYS[1] the lease; ARGV[1] owner token. Returns 1 when released.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
