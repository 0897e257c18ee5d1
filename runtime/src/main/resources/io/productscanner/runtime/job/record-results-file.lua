-- Records the path of a job's results file on the job, only while the writer still holds the platform lock and
-- the job carries its fencing token, so a worker whose lease was lost cannot point the job at its file.
-- KEYS[1] platform lock, KEYS[2] job hash
-- ARGV[1] owner token, ARGV[2] fencing token, ARGV[3] results file path
-- Returns 1 when recorded, 0 when the lease was lost.
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('HGET', KEYS[2], 'fence') ~= ARGV[2] then
    return 0
end
redis.call('HSET', KEYS[2], 'results_file', ARGV[3])
return 1
