-- Puts jobs stored before the history had its per-status indexes into them: each job, read and indexed in the
-- same step, enters the index of the status it has now (a running job is listed from its platform's running
-- record instead). Re-running it changes nothing: adding a job to the index it is in already only rewrites the
-- same score.
-- Every key it touches is in KEYS: the caller reads each job's status, platform and workflow first and names its
-- index; a job whose status changed meanwhile is skipped, since the script that changed it put it into the index
-- of its new status.
-- KEYS[1] set of the platform:workflow pairs that have jobs, then two keys per job: its hash and the index of the
-- status read (its hash again when it was running or gone)
-- ARGV five values per job, in the order of its keys: id, creation score (of the every-job index), and the
-- status, platform and workflow read ('' when gone)
-- Returns how many jobs were indexed (jobs gone, running or changed are skipped).
local indexed = 0
for i = 1, #ARGV, 5 do
    local at = 1 + (i - 1) / 5 * 2
    local job = redis.call('HMGET', KEYS[at + 1], 'status', 'platform', 'workflow_id')
    if job[1] and job[2] and job[3] and job[1] == ARGV[i + 2] and job[2] == ARGV[i + 3] and job[3] == ARGV[i + 4]
    then
        redis.call('SADD', KEYS[1], job[2] .. ':' .. job[3])
        if job[1] ~= 'running' then
            redis.call('ZADD', KEYS[at + 2], ARGV[i + 1], ARGV[i])
            indexed = indexed + 1
        end
    end
end
return indexed
