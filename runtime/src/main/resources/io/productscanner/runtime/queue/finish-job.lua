-- One job's finish-and-claim-next, shared by finish.lua (one job) and finish-many.lua (one job of each of
-- several platforms in one call). What it guarantees is described in finish.lua.
-- k: the job's nine keys, a: its arguments, in finish.lua's KEYS and ARGV order; clock(): the script's time
-- (read once per call, with TIME, by whichever job first needs it).
local function finish_job(k, a, clock)
    local previous = redis.call('SET', k[1], a[5], 'XX', 'KEEPTTL', 'GET')
    if previous ~= a[1] then
        if previous then
            redis.call('SET', k[1], previous, 'KEEPTTL')
        end
        return {0}
    end
    local now = clock()
    redis.call('HSET', k[3], 'completed_at', now, unpack(a, 8))
    redis.call('EXPIRE', k[3], a[2])
    if a[4] == '1' then
        redis.call('EXPIRE', k[6], a[2])
        redis.call('DEL', k[7], k[8], k[9])
    end
    local popped = redis.call('ZPOPMAX', k[4])
    if #popped == 0 then
        redis.call('DEL', k[1], k[2])
        raise_fence(k[5], a[3])
        return {1}
    end
    local id = popped[1]
    local job = a[7] .. id
    local fence = tonumber(a[3]) + 1
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
    local changes = {'status', 'running', 'started_at', now, 'worker', a[6], 'fence', string.format('%d', fence),
        'attempts', string.format('%d', attempts + 1)}
    redis.call('HSET', job, unpack(changes))
    -- later pairs win when the caller reads the list into a map: the fields as they are now
    for _, value in ipairs(changes) do
        fields[#fields + 1] = value
    end
    redis.call('SET', k[2], cjson.encode({job_id = id, workflow_id = workflow_id, started_at = now,
        worker = a[6]}))
    return {1, id, fields, fence}
end

-- A clock for one script call: TIME is read at most once, when first needed.
local function call_clock()
    local now
    return function()
        if not now then
            now = iso_time(redis.call('TIME'))
        end
        return now
    end
end
