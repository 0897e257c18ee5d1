-- Redis server time as ISO-8601 UTC with milliseconds: every process stamps jobs with this one clock, so the
-- order of timestamps is the order in which the scripts ran, whatever the workers' own clocks say.
local function iso_time(t)
    local secs = tonumber(t[1])
    local millis = math.floor(tonumber(t[2]) / 1000)
    local days = math.floor(secs / 86400)
    local rem = secs - days * 86400
    local hour = math.floor(rem / 3600)
    local minute = math.floor((rem - hour * 3600) / 60)
    local second = rem - hour * 3600 - minute * 60
    -- days since 1970-01-01 to a civil date (H. Hinnant's algorithm)
    local z = days + 719468
    local era = math.floor(z / 146097)
    local doe = z - era * 146097
    local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
    local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
    local mp = math.floor((5 * doy + 2) / 153)
    local day = doy - math.floor((153 * mp + 2) / 5) + 1
    local month = mp < 10 and mp + 3 or mp - 9
    local year = yoe + era * 400
    if month <= 2 then
        year = year + 1
    end
    return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', year, month, day, hour, minute, second, millis)
end

local function now_iso()
    return iso_time(redis.call('TIME'))
end

-- milliseconds since the epoch of a TIME reply
local function epoch_ms(t)
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A platform's fence counter must stay above every fencing token issued on it. finish.lua hands the lock from
-- job to job without touching the counter (the next token is the last one + 1), so whatever frees or takes
-- over the platform raises the counter to the highest token it knows of.
local function raise_fence(counter, fence)
    if fence and tonumber(fence) and tonumber(redis.call('GET', counter) or '0') < tonumber(fence) then
        redis.call('SET', counter, fence)
    end
end
