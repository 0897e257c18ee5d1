-- Stores a new job and queues it in one step, so a job is never queued without its hash or the reverse.
-- Run order is descending score: higher priority first, FIFO within a priority:
--   score = priority * 2^40 + (2^40 - sequence), exact in a double for |priority| <= 1000.
-- Wakes one idle worker of the platform when the queue was empty; a busy worker takes the next job itself.
-- KEYS[1] job hash, KEYS[2] platform queue, KEYS[3] platform wake list, KEYS[4] sequence counter
-- ARGV[1] job id, ARGV[2] priority, ARGV[3..] job hash field/value pairs (created_at is set here)
local seq = redis.call('INCR', KEYS[4])
local span = 1099511627776
redis.call('HSET', KEYS[1], 'seq', seq, 'created_at', now_iso(), unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) * span + (span - seq), ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 1 then
    redis.call('LPUSH', KEYS[3], '1')
end
return seq
