-- Creates or replaces a schedule's definition and lists its id, in one step.
-- KEYS[1] the schedule hash, KEYS[2] the set of schedule ids
-- ARGV[1] id, ARGV[2] "create" (fails if it exists) or "replace" (fails if it does not),
-- ARGV[3] space-separated fields to clear first (so switching cron to when_idle leaves no stale cron),
-- ARGV[4..] field, value pairs. Returns 1 when written, 0 when refused.
local exists = redis.call('EXISTS', KEYS[1]) == 1
if (ARGV[2] == 'create' and exists) or (ARGV[2] == 'replace' and not exists) then
    return 0
end
for field in string.gmatch(ARGV[3], '%S+') do
    redis.call('HDEL', KEYS[1], field)
end
for i = 4, #ARGV, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
