-- Puts a job's freshly written results in place (the staging list renamed over the results list), only while
-- the writer still holds the platform lock and the job carries its fencing token: a worker whose lease was lost
-- (and whose job another worker may be running now) cannot replace the results. A refused staging list is
-- deleted, so nothing of the stale write remains.
-- KEYS[1] platform lock, KEYS[2] job hash, KEYS[3] staging list, KEYS[4] job results list
-- ARGV[1] owner token, ARGV[2] fencing token
-- Returns 1 when replaced, 0 when the lease was lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HGET', KEYS[2], 'fence') ~= ARGV[2] then
    redis.call('DEL', KEYS[3])
    return 0
end
if redis.call('EXISTS', KEYS[3]) == 1 then
    redis.call('RENAME', KEYS[3], KEYS[4])
    -- the staging list's safety expiry must not carry over: the results expire with the job
    redis.call('PERSIST', KEYS[4])
else
    redis.call('DEL', KEYS[4])
end
return 1
