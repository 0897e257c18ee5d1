-- Creates or replaces a schedule's definition and lists its id, in one step. A new schedule is refused when
-- the most schedules allowed exist already (checked here, so two creates cannot both take the last place).
-- KEYS[1] the schedule hash, KEYS[2] the set of schedule ids
-- ARGV[1] id, ARGV[2] "create" (fails if it exists) or "replace" (fails if it does not),
-- ARGV[3] space-separated fields to clear first (so switching cron to when_idle leaves no stale cron),
-- ARGV[4] the most schedules there may be (0 = no limit), ARGV[5..] field, value pairs.
-- Returns 1 when written, 0 when refused for the id, -1 when refused for the limit.
local exists = redis.call('EXISTS', KEYS[1]) == 1
if (ARGV[2] == 'create' and exists) or (ARGV[2] == 'replace' and not exists) then
    return 0
end
local most = tonumber(ARGV[4])
if ARGV[2] == 'create' and most > 0 and redis.call('SCARD', KEYS[2]) >= most then
    return -1
end
for field in string.gmatch(ARGV[3], '%S+') do
    redis.call('HDEL', KEYS[1], field)
end
for i = 5, #ARGV, 2 do
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
