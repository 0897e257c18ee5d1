-- finish.lua for several platforms' jobs in one call: a worker process's finish dispatcher sends the outcomes
-- its busy platform workers are waiting to record together, so the per-call cost (the round trip, EVALSHA,
-- TIME) is shared. Each job is finished exactly as finish.lua does it: lease check, outcome, next job under a
-- new lease and fence (or the platform freed), each platform on its own lock; one job's lost lease does not
-- affect the others.
-- KEYS: none (the jobs' keys are in ARGV, as the other scripts that derive keys do; a single Redis only).
-- ARGV, per job in turn: the number n of its arguments, its nine keys in finish.lua's KEYS order, then its n
-- arguments in finish.lua's ARGV order.
-- Returns one finish.lua reply per job, in order.
local clock = call_clock()
local replies = {}
local i = 1
while i <= #ARGV do
    local n = tonumber(ARGV[i])
    local k = {unpack(ARGV, i + 1, i + 9)}
    local a = {unpack(ARGV, i + 10, i + 9 + n)}
    replies[#replies + 1] = finish_job(k, a, clock)
    i = i + 10 + n
end
return replies
