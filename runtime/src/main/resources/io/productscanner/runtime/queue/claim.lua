-- Takes the platform's next job if no one holds the platform lock, in one step: takes the lock with a lease,
-- marks the job running and records it as the platform's running job. A crash before or after leaves the job
-- either queued or running, never both and never neither.
-- A running record with the lock gone means its worker died and the lease ran out: that job is taken over
-- first (attempts + 1; it resumes from its checkpoint), ahead of everything queued. A job whose workers died
-- under it max_attempts times is not taken again: it fails and goes to the dead-letter set, so one job that
-- kills its worker cannot stop the platform.
-- Every lease gets a fencing token: the platform's fence counter, incremented here and stored on the job
-- (`fence`), so each lease of a platform has a number greater than every lease before it. A taken-over job may
-- carry a token above the counter (finish.lua issues tokens without it): the counter is raised to it first.
-- The taken job leaves its pending history index; a job given up on enters its failed one and its end is
-- published on the platform's job-ended channel, and recorded as the platform's last finished job.
-- A paused platform (KEYS[7] exists) has nothing queued taken from it; an orphan is still taken over, since it
-- had started before the pause.
-- Every key it touches is in KEYS: the caller reads the queue head and the running record first (peek.lua) and
-- names the head's hash and pending index and the orphan's hash and failed index; if either changed meanwhile,
-- nothing is written and the answer is stale (the caller peeks again).
-- KEYS[1] platform queue, KEYS[2] platform lock, KEYS[3] platform running record, KEYS[4] dead-letter set,
-- KEYS[5] platform fence counter, KEYS[6] every-job history index, KEYS[7] platform pause flag,
-- KEYS[8] platform's last finished job record, KEYS[9] platform queued-workflow hash, KEYS[10] the head's hash,
-- KEYS[11] its pending history index, KEYS[12] the orphan's hash, KEYS[13] its failed history index (the queue
-- key again for each that is not there)
-- ARGV[1] owner token, ARGV[2] lease ms, ARGV[3] worker name, ARGV[4] the head's id ('' when the queue was
-- empty), ARGV[5] max attempts, ARGV[6] the running record read ('' when none), ARGV[7] the platform's
-- job-ended channel
-- Returns false when there is nothing to take, {stale 1} when the head or the running record changed since the
-- caller read them, else name/value pairs: {job_id, job (its hash as a flat field/value list), recovered (0/1),
-- fence, next_head, next_head_workflow (the queue's head once this job is taken, '' if none)}.
local head = redis.call('ZREVRANGE', KEYS[1], 0, 0)[1] or ''
local previous = redis.call('GET', KEYS[3])
if head ~= ARGV[4] or (previous or '') ~= ARGV[6] then
    return {'stale', 1}
end
local popped = {}
if redis.call('EXISTS', KEYS[7]) == 0 then
    popped = redis.call('ZPOPMAX', KEYS[1])
end
if #popped == 0 and not previous then
    return false
end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
    -- another worker runs this platform: put the job back exactly where it was
    if #popped > 0 then
        redis.call('ZADD', KEYS[1], popped[2], popped[1])
    end
    return false
end
local id
local job
local recovered = 0
if previous then
    local orphan = cjson.decode(previous).job_id
    local orphan_state = redis.call('HMGET', KEYS[12], 'attempts', 'fence')
    local attempts = tonumber(orphan_state[1] or '0')
    raise_fence(KEYS[5], orphan_state[2])
    if attempts >= tonumber(ARGV[5]) then
        redis.call('HSET', KEYS[12], 'status', 'failed', 'completed_at', now_iso(), 'error',
            'abandoned: its worker stopped without finishing it ' .. attempts .. ' times')
        local t = redis.call('TIME')
        redis.call('ZADD', KEYS[4], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), orphan)
        redis.call('DEL', KEYS[3])
        history_move(KEYS[6], nil, KEYS[13], orphan, nil)
        history_trim(KEYS[13])
        record_last_finished(KEYS[8], KEYS[12], orphan)
        redis.call('PUBLISH', ARGV[7], orphan)
        if #popped == 0 then
            redis.call('DEL', KEYS[2])
            return false
        end
        id = popped[1]
        job = KEYS[10]
    else
        id = orphan
        job = KEYS[12]
        recovered = 1
        if #popped > 0 then
            redis.call('ZADD', KEYS[1], popped[2], popped[1])
        end
    end
else
    id = popped[1]
    job = KEYS[10]
end
local now = now_iso()
local fence = redis.call('INCR', KEYS[5])
redis.call('HINCRBY', job, 'attempts', 1)
redis.call('HSET', job, 'status', 'running', 'started_at', now, 'worker', ARGV[3], 'fence', fence)
local fields = redis.call('HGETALL', job)
local workflow_id = ''
for i = 1, #fields, 2 do
    if fields[i] == 'workflow_id' then
        workflow_id = fields[i + 1]
    end
end
if recovered == 0 then
    history_move(nil, KEYS[11], nil, id, nil)
    redis.call('HDEL', KEYS[9], id)
end
redis.call('SET', KEYS[3], cjson.encode({job_id = id, workflow_id = workflow_id, started_at = now,
    worker = ARGV[3]}))
local next_head = redis.call('ZREVRANGE', KEYS[1], 0, 0)[1]
local next_workflow = next_head and redis.call('HGET', KEYS[9], next_head)
return {'job_id', id, 'job', fields, 'recovered', recovered, 'fence', fence, 'next_head', next_head or '',
    'next_head_workflow', next_workflow or ''}
