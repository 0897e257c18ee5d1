package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import io.productscanner.runtime.redis.RedisScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Schedules in Redis: a hash per schedule plus the set of ids; every multi-key change is one Lua script. */
public final class ScheduleStore {
    private static final System.Logger LOG = System.getLogger(ScheduleStore.class.getName());
    private static final RedisScript SAVE =
            RedisScript.load(ScheduleStore.class, "save-schedule.lua").acknowledged();
    private static final RedisScript DELETE = RedisScript.load(ScheduleStore.class, "delete-schedule.lua");
    private static final RedisScript UPDATE = RedisScript.load(ScheduleStore.class, "update-schedule.lua");
    /** Definition fields that are absent for one kind of schedule, cleared on replace. */
    private static final String OPTIONAL_FIELDS = "cron when_idle";

    static final String PAUSED = "paused";
    static final String NEXT_RUN = "next_run";
    static final String LAST_RUN = "last_run";
    static final String LAST_JOB_ID = "last_job_id";
    static final String LAST_OUTCOME = "last_outcome";
    static final String LAST_SUCCESS_AT = "last_success_at";
    static final String ROTATION = "rotation";

    /** The most schedules there may be unless told otherwise ({@code MAX_SCHEDULES}). */
    public static final int DEFAULT_MAX_SCHEDULES = 1000;

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final int maxSchedules;

    public ScheduleStore(RedisCommands<String, String> redis, RedisKeys keys) {
        this(redis, keys, DEFAULT_MAX_SCHEDULES);
    }

    /** @param maxSchedules the most schedules there may be; creating one more is refused, 0 for no limit */
    public ScheduleStore(RedisCommands<String, String> redis, RedisKeys keys, int maxSchedules) {
        if (maxSchedules < 0) {
            throw new IllegalArgumentException("the schedule limit must not be negative");
        }
        this.redis = redis;
        this.keys = keys;
        this.maxSchedules = maxSchedules;
    }

    public RedisKeys keys() {
        return keys;
    }

    /**
     * Stores a new schedule; false when the id is taken.
     *
     * @throws TooManySchedules when the most schedules allowed exist already; nothing is stored then
     */
    public boolean create(Schedule.ScheduleDefinition definition) {
        return save(definition, "create");
    }

    /** Replaces a schedule's definition, keeping its history and resetting its next run; false when absent. */
    public boolean replace(Schedule.ScheduleDefinition definition) {
        return save(definition, "replace");
    }

    private boolean save(Schedule.ScheduleDefinition definition, String mode) {
        List<String> args = new ArrayList<>(
                List.of(definition.id(), mode, OPTIONAL_FIELDS + " " + NEXT_RUN, Integer.toString(maxSchedules)));
        ScheduleJson.write(definition).forEach((field, value) -> {
            args.add(field);
            args.add(value instanceof String text ? text : Json.write(value));
        });
        if (mode.equals("create")) {
            args.addAll(List.of(PAUSED, "0", ROTATION, "0"));
        }
        Long written = SAVE.run(
                redis,
                ScriptOutputType.INTEGER,
                new String[] {keys.schedule(definition.id()), keys.schedules()},
                args.toArray(String[]::new));
        if (written != null && written == -1L) {
            throw new TooManySchedules(maxSchedules);
        }
        return written != null && written == 1L;
    }

    public boolean delete(String id) {
        Long deleted =
                DELETE.run(redis, ScriptOutputType.INTEGER, new String[] {keys.schedule(id), keys.schedules()}, id);
        return deleted != null && deleted == 1L;
    }

    /**
     * The schedule, or empty when there is none, or when what is stored no longer passes the checks (one stored
     * before they were tightened, e.g. a priority of 5000): then it is logged and left alone, never run, until a
     * PUT replaces it or a DELETE removes it.
     */
    public Optional<Schedule> find(String id) {
        Map<String, String> hash = redis.hgetall(keys.schedule(id));
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromHash(id, hash));
        } catch (InvalidSchedule e) {
            LogEvent.warn(LOG, "schedule.unreadable", "schedule_id", id, "field", e.field(), "error", e.getMessage());
            return Optional.empty();
        }
    }

    /** Every schedule, by id. */
    public List<Schedule> all() {
        List<Schedule> schedules = new ArrayList<>();
        for (String id : redis.smembers(keys.schedules())) {
            find(id).ifPresent(schedules::add);
        }
        schedules.sort(Comparator.comparing(Schedule::id));
        return schedules;
    }

    /** Writes bookkeeping fields (see the constants) on a schedule that still exists. */
    boolean update(String id, Map<String, String> fields) {
        List<String> args = new ArrayList<>();
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Long written = UPDATE.run(
                redis, ScriptOutputType.INTEGER, new String[] {keys.schedule(id)}, args.toArray(String[]::new));
        return written != null && written == 1L;
    }

    public boolean setPaused(String id, boolean paused) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(PAUSED, paused ? "1" : "0");
        if (!paused) {
            // a resumed cron schedule starts from the next future slot rather than catching up on the pause
            fields.put(NEXT_RUN, "");
        }
        return update(id, fields);
    }

    private static Schedule fromHash(String id, Map<String, String> hash) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("workflow_id", hash.get("workflow_id"));
        body.set("params", Json.read(hash.getOrDefault("params", "{}")));
        body.put("priority", Integer.parseInt(hash.getOrDefault("priority", "0")));
        if (hash.containsKey("cron")) {
            body.put("cron", hash.get("cron"));
        }
        body.put("time_zone", hash.getOrDefault("time_zone", ScheduleJson.DEFAULT_ZONE.getId()));
        if (hash.containsKey("when_idle")) {
            body.set("when_idle", Json.read(hash.get("when_idle")));
        }
        body.put("catch_up", hash.getOrDefault("catch_up", CatchUp.SKIP.wireName()));
        Schedule.ScheduleDefinition definition = ScheduleJson.read(id, body, workflow -> true);
        return new Schedule(
                definition,
                "1".equals(hash.get(PAUSED)),
                instant(hash.get(NEXT_RUN)),
                instant(hash.get(LAST_RUN)),
                text(hash.get(LAST_JOB_ID)),
                text(hash.get(LAST_OUTCOME)),
                instant(hash.get(LAST_SUCCESS_AT)),
                Long.parseLong(hash.getOrDefault(ROTATION, "0")));
    }

    private static Optional<Instant> instant(String epochMillis) {
        return epochMillis == null || epochMillis.isEmpty()
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(epochMillis)));
    }

    private static Optional<String> text(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
