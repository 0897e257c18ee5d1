package io.productscanner.runtime.redis;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lua script's reply read by name: the script returns its fields as a flat list of name/value pairs
 * ({@code return {'recorded', 1, 'job_id', id}}), the map a script can hand back over RESP2, instead of values
 * whose meaning is their position. A script that returns {@code false}, nil or an empty table gives an empty reply.
 * A value of Lua {@code false} inside the list arrives as null (a nil would end the list: scripts never put one).
 */
public final class ScriptReply {
    private static final ScriptReply EMPTY = new ScriptReply(Map.of());

    private final Map<String, Object> fields;

    private ScriptReply(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The reply of a script run with {@code ScriptOutputType.MULTI}. */
    public static ScriptReply of(List<?> flat) {
        if (flat == null || flat.isEmpty() || flat.get(0) == null) {
            return EMPTY;
        }
        if (flat.size() % 2 != 0) {
            throw new IllegalStateException("a script reply of names and values has an odd length: " + flat);
        }
        Map<String, Object> fields = new HashMap<>(flat.size());
        for (int i = 0; i < flat.size(); i += 2) {
            fields.put((String) flat.get(i), flat.get(i + 1));
        }
        return new ScriptReply(fields);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** A string field; null when the script sent Lua false. */
    public String string(String name) {
        return (String) required(name);
    }

    /** An integer field. */
    public long number(String name) {
        return (Long) required(name);
    }

    /** A 0/1 field, false when absent. */
    public boolean flag(String name) {
        return Long.valueOf(1).equals(fields.get(name));
    }

    /** A table field (e.g. a hash as HGETALL gives it: field, value, field, value...). */
    public List<?> list(String name) {
        Object value = required(name);
        return value == null ? Collections.emptyList() : (List<?>) value;
    }

    private Object required(String name) {
        if (!fields.containsKey(name)) {
            throw new IllegalStateException("the script reply has no '" + name + "': " + fields.keySet());
        }
        return fields.get(name);
    }

    @Override
    public String toString() {
        return "ScriptReply" + fields;
    }
}
