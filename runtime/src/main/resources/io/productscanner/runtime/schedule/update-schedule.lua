-- Records the scheduler's bookkeeping on a schedule that still exists (a deleted one is not brought back).
-- KEYS[1] the schedule hash; ARGV field, value pairs. Returns 1 when written.
if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
for i = 1, #ARGV, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
