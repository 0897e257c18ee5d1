-- Puts jobs stored before the history had its per-status indexes into them: each job, read and indexed in the
-- same step, enters the index of the status it has now (a running job is listed from its platform's running
-- record instead), so a job that changes status meanwhile is indexed by its new status, once. Re-running it
-- changes nothing: adding a job to the index it is in already only rewrites the same score.
-- KEYS[1] set of the platform:workflow pairs that have jobs
-- ARGV[1] job key prefix, ARGV[2] history index prefix, ARGV[3..] job id and creation score pairs (the scores of
-- the every-job index)
-- Returns how many jobs were indexed (jobs gone or running are skipped).
local indexed = 0
for i = 3, #ARGV, 2 do
    local id = ARGV[i]
    local job = redis.call('HMGET', ARGV[1] .. id, 'status', 'platform', 'workflow_id')
    if job[1] and job[2] and job[3] then
        redis.call('SADD', KEYS[1], job[2] .. ':' .. job[3])
        if job[1] ~= 'running' then
            redis.call('ZADD', history_key(ARGV[2], job[1], job[2], job[3]), ARGV[i + 1], id)
            indexed = indexed + 1
        end
    end
end
return indexed
