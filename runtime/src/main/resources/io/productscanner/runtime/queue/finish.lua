-- Records a job's outcome and, in the same step, hands the platform to its next queued job: a busy worker makes
-- one round trip per job. If the queue is empty the platform is freed, as complete.lua does.
-- The lease check and the hand-over are one command: SET lock <next token> XX KEEPTTL GET returns the lock's
-- previous value and keeps its expiry (the worker's lease timer renews it, job after job). Only this lease's
-- owner token lets the job be recorded; lock tokens are unique per lease, so a current token proves no other
-- worker took the platform (or this job) over meanwhile. When the value was another worker's token it is put
-- back at once, expiry untouched; when there was no lock, XX wrote nothing.
-- The next job's fencing token is this lease's + 1 (this lease holds the highest token of the platform); the
-- fence counter is raised to it only when the platform is freed, so a busy hand-over does not touch it.
-- The job enters the history index of its outcome (trimmed every 64th fencing token, so a busy platform pays
-- for the trim once in 64 jobs), its end is published on its platform's channel (the API's extract waits wake
-- on it), and the next job leaves its pending index, all in the same step.
-- Every key it touches is in KEYS: the next job is the one the caller expects at the queue's head (named by the
-- reply of the claim or finish that took the current job), its hash and pending index named in KEYS. When the
-- head is another job (a higher priority arrived, the expected one was cancelled), the outcome is recorded, the
-- platform freed as on an empty queue, and the answer says so: the caller then claims as an idle worker does.
-- KEYS[1] platform lock, KEYS[2] platform running record, KEYS[3] job hash, KEYS[4] platform queue,
-- KEYS[5] platform fence counter, KEYS[6] job results list, KEYS[7], KEYS[8] the job's checkpoint keys,
-- KEYS[9] its cancel request, KEYS[10] the history index of its outcome, platform and workflow,
-- KEYS[11] every-job history index, KEYS[12] platform's last finished job record, KEYS[13] platform pause flag
-- (while it exists no next job is taken: the platform is freed as if its queue were empty), KEYS[14] platform
-- queued-workflow hash, KEYS[15] the expected next job's hash, KEYS[16] its pending history index (the queue key
-- again for both when no next job is expected)
-- ARGV[1] owner token, ARGV[2] retention seconds, ARGV[3] fencing token, ARGV[4] the next lease's owner token,
-- ARGV[5] worker name, ARGV[6] the job's id, ARGV[7] the expected next job's id ('' for none), ARGV[8] the
-- platform's job-ended channel, ARGV[9] the job's creation score ('' if unknown), ARGV[10..] the outcome's job
-- hash field/value pairs (completed_at is set here)
-- The job's results expire with it, and its checkpoints and cancel request go: whatever its body wrote.
-- Returns name/value pairs: {recorded 0} when the lease was lost (nothing written), {recorded 1} when recorded
-- and the platform freed, {recorded 1, head_changed 1} when recorded and the platform freed because the head is
-- not the expected job, {recorded 1, job_id (the next job's), job (its hash as a flat field/value list as it
-- was queued), fence (its fencing token), started_at, next_head, next_head_workflow (the queue's head once it is
-- taken, '' if none)} when recorded and the next job taken: the caller knows the other fields this script
-- changed (status running, worker, fence, attempts + 1), so the reply does not repeat them.
local previous = redis.call('SET', KEYS[1], ARGV[4], 'XX', 'KEEPTTL', 'GET')
if previous ~= ARGV[1] then
    if previous then
        redis.call('SET', KEYS[1], previous, 'KEEPTTL')
    end
    return {'recorded', 0}
end
local t = redis.call('TIME')
local now = iso_time(t)
redis.call('HSET', KEYS[3], 'completed_at', now, unpack(ARGV, 10))
redis.call('EXPIRE', KEYS[3], ARGV[2])
redis.call('EXPIRE', KEYS[6], ARGV[2])
redis.call('DEL', KEYS[7], KEYS[8], KEYS[9])
local ended = ARGV[6]
history_move(KEYS[11], nil, KEYS[10], ended, given_score(ARGV[9]))
if tonumber(ARGV[3]) % 64 == 0 then
    history_trim(KEYS[10])
end
record_last_finished(KEYS[12], KEYS[3], ended)
redis.call('PUBLISH', ARGV[8], ended)
local popped = {}
if redis.call('EXISTS', KEYS[13]) == 0 then
    popped = redis.call('ZPOPMAX', KEYS[4])
end
local head = popped[1]
if not head or head ~= ARGV[7] then
    if head then
        -- not the job expected: put it back exactly where it was (same score), for the caller's claim
        redis.call('ZADD', KEYS[4], popped[2], head)
    end
    redis.call('DEL', KEYS[1], KEYS[2])
    raise_fence(KEYS[5], ARGV[3])
    if head then
        return {'recorded', 1, 'head_changed', 1}
    end
    return {'recorded', 1}
end
redis.call('HDEL', KEYS[14], head)
local id = head
local job = KEYS[15]
local fence = tonumber(ARGV[3]) + 1
local fields = redis.call('HGETALL', job)
local attempts = 0
local workflow_id = ''
for i = 1, #fields, 2 do
    if fields[i] == 'attempts' then
        attempts = tonumber(fields[i + 1]) or 0
    elseif fields[i] == 'workflow_id' then
        workflow_id = fields[i + 1]
    end
end
history_move(nil, KEYS[16], nil, id, nil)
local changes = {'status', 'running', 'started_at', now, 'worker', ARGV[5], 'fence', string.format('%d', fence),
    'attempts', string.format('%d', attempts + 1)}
redis.call('HSET', job, unpack(changes))
redis.call('SET', KEYS[2], cjson.encode({job_id = id, workflow_id = workflow_id, started_at = now,
    worker = ARGV[5]}))
local next_head = redis.call('ZREVRANGE', KEYS[4], 0, 0)[1]
local next_workflow = next_head and redis.call('HGET', KEYS[14], next_head)
return {'recorded', 1, 'job_id', id, 'job', fields, 'fence', fence, 'started_at', now, 'next_head', next_head or '',
    'next_head_workflow', next_workflow or ''}
