-- The job history's indexes (docs/REDIS.md): for every status but running, every platform and every workflow, a
-- sorted set of the ids of its jobs in that status, score = the job's creation time (ms, Redis clock), named
-- <history prefix><status>:<platform>:<workflow id> (RedisKeys.history: the callers name them in KEYS). Every script that changes a job's status moves the job
-- between them in the same step, so a filtered history reads the jobs that match and no others. Running jobs
-- (one a platform) are listed from the platforms' running records instead, which saves a job two commands.
-- Indexes of finished statuses keep their newest 100,000 (history_trim); an id whose hash has expired leaves
-- when a read meets it.

-- Moves job `id` out of index `from` and into index `to` (either may be nil), keeping its creation score:
-- `score` when given, else its score in `from`, else in `all` (the every-job index). A job in none of them is
-- older than the history keeps and is left out of `to`.
local function history_move(all, from, to, id, score)
    if from then
        if to and not score then
            score = redis.call('ZSCORE', from, id)
        end
        redis.call('ZREM', from, id)
    end
    if to then
        score = score or redis.call('ZSCORE', all, id)
        if score then
            redis.call('ZADD', to, score, id)
        end
    end
end

-- Keeps the newest 100,000 of an index of finished jobs.
local function history_trim(key)
    redis.call('ZREMRANGEBYRANK', key, 0, -100001)
end

-- A creation score passed as an argument: '' when the caller did not know it.
local function given_score(arg)
    if arg == nil or arg == '' then
        return nil
    end
    return arg
end

-- Records job `id` of `job` (its hash's key) as the last of its platform to end (`key`, one small JSON value a
-- platform), so the queues overview shows the latest outcome without walking the history.
local function record_last_finished(key, job, id)
    local state = redis.call('HMGET', job, 'workflow_id', 'status', 'completed_at')
    redis.call('SET', key, cjson.encode({job_id = id, workflow_id = state[1] or '', status = state[2] or '',
        completed_at = state[3] or ''}))
end
