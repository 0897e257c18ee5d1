-- Reads, without changing anything, what a claim must name in its KEYS: the platform's queue head (id and
-- workflow, from the queued-workflow hash) and its running record. claim.lua checks inside that both still hold.
-- KEYS[1] platform queue, KEYS[2] platform running record, KEYS[3] platform queued-workflow hash
-- Returns name/value pairs: {head (job id or ''), head_workflow ('' when the hash has no entry: a job queued
-- before the hash existed), running (the record's JSON or '')}.
local head = redis.call('ZREVRANGE', KEYS[1], 0, 0)[1]
local workflow = head and redis.call('HGET', KEYS[3], head)
return {'head', head or '', 'head_workflow', workflow or '', 'running', redis.call('GET', KEYS[2]) or ''}
