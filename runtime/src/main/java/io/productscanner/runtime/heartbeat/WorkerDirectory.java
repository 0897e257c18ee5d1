package io.productscanner.runtime.heartbeat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processes alive now: every heartbeat key still in Redis, found with SCAN (KEYS would block Redis for the
 * whole keyspace), each with the age of its last beat. A heartbeat that expired is simply not there.
 */
public final class WorkerDirectory {
    private static final System.Logger LOG = System.getLogger(WorkerDirectory.class.getName());
    private static final int SCAN_BATCH = 200;

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final Clock clock;

    public WorkerDirectory(RedisCommands<String, String> redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    /** Every live process, by service name. A key that is not a readable heartbeat is logged and left out. */
    public List<ListedWorker> list() {
        List<String> heartbeatKeys = heartbeatKeys();
        if (heartbeatKeys.isEmpty()) {
            return List.of();
        }
        List<ListedWorker> workers = new ArrayList<>();
        for (KeyValue<String, String> entry : redis.mget(heartbeatKeys.toArray(String[]::new))) {
            // a key that expired between SCAN and MGET has no value
            if (entry.hasValue()) {
                read(entry.getKey(), entry.getValue()).ifPresent(workers::add);
            }
        }
        workers.sort(Comparator.comparing(worker -> worker.heartbeat().service()));
        return workers;
    }

    private List<String> heartbeatKeys() {
        // SCAN may return a key twice
        Set<String> found = new TreeSet<>();
        ScanArgs match = ScanArgs.Builder.matches(globEscaped(keys.heartbeatPrefix()) + "*")
                .limit(SCAN_BATCH);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            found.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return List.copyOf(found);
    }

    private Optional<ListedWorker> read(String key, String value) {
        try {
            WorkerHeartbeat heartbeat = WorkerHeartbeat.fromJson(value);
            long ageMillis = Math.max(
                    0, Duration.between(heartbeat.writtenAt(), clock.instant()).toMillis());
            return Optional.of(new ListedWorker(heartbeat, Math.round(ageMillis / 100.0) / 10.0));
        } catch (IllegalStateException e) {
            LogEvent.warn(LOG, "heartbeat.unreadable", "key", key, "error", e.getMessage());
            return Optional.empty();
        }
    }

    /** The prefix as a SCAN pattern matching itself only: {@code * ? [ ] \} lose their glob meaning. */
    static String globEscaped(String literal) {
        StringBuilder pattern = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }
}
