-- Resumes a paused platform queue and, when jobs wait in it, wakes an idle worker of the platform in the same
-- step (enqueue.lua wakes one only when a job enters an empty queue, which a paused queue may not be).
-- KEYS[1] platform pause flag, KEYS[2] platform queue, KEYS[3] platform wake list
-- Returns 1 when the queue was paused, else 0.
local resumed = redis.call('DEL', KEYS[1])
if resumed == 1 and redis.call('ZCARD', KEYS[2]) > 0 then
    redis.call('LPUSH', KEYS[3], '1')
end
return resumed
