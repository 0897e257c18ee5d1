-- Deletes a schedule and unlists it, in one step.
-- KEYS[1] the schedule hash, KEYS[2] the set of schedule ids; ARGV[1] id. Returns 1 if it existed.
redis.call('SREM', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])
