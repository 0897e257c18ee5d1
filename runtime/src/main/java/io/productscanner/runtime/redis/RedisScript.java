package io.productscanner.runtime.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.logging.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script kept as a resource, invoked by its digest. A Redis that restarted has forgotten it: the script
 * is then loaded again and the call repeated once.
 */
public final class RedisScript {
    private static final System.Logger LOG = System.getLogger(RedisScript.class.getName());

    private final String name;
    private final String source;
    private final String digest;
    /** Whether a call counts only once {@code REDIS_MIN_REPLICA_ACKS} replicas have its writes. */
    private final boolean acknowledging;

    private RedisScript(String name, String source, boolean acknowledging) {
        this.name = name;
        this.source = source;
        this.digest = sha1Hex(source);
        this.acknowledging = acknowledging;
    }

    /**
     * The same script, whose writes are acknowledged only once the replicas {@code REDIS_MIN_REPLICA_ACKS} asks for
     * have them (Redis' WAIT, sent by {@link ReplicatedWrites}); with 0, as today, once the primary has them. For the
     * writes a failover must not lose: an enqueue, a job's outcome, a lock hand-over.
     */
    public RedisScript acknowledged() {
        return new RedisScript(name, source, true);
    }

    /**
     * Reads a script from the resources next to {@code owner}: the shared parts first (Lua helpers such as
     * {@code time.lua}), then the script itself, joined into one source.
     */
    public static RedisScript load(Class<?> owner, String... parts) {
        StringBuilder source = new StringBuilder();
        for (String part : parts) {
            try (InputStream in = owner.getResourceAsStream(part)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "missing Lua script resource " + part + " next to " + owner.getName());
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Lua script " + part, e);
            }
        }
        return new RedisScript(parts[parts.length - 1], source.toString(), false);
    }

    /** A script from its source text (tests; the runtime's scripts are resources, see {@link #load}). */
    static RedisScript fromSource(String name, String source) {
        return new RedisScript(name, source, false);
    }

    /**
     * A worker's call (see {@link JobWrite}): as {@link #run(RedisCommands, ScriptOutputType, String[], String...)},
     * but a write fewer replicas confirmed than asked is logged and its reply returned, since the primary applied it.
     */
    public <T> T run(JobWrite write, ScriptOutputType output, String[] keys, String... args) {
        try {
            return run(write.commands(), output, keys, args);
        } catch (WriteNotReplicated e) {
            LogEvent.warn(
                    LOG,
                    "redis.write_not_replicated",
                    "script",
                    name,
                    "job_id",
                    write.jobId() == null ? "-" : write.jobId(),
                    "platform",
                    write.platform(),
                    "replicas_confirmed",
                    e.confirmed(),
                    "replicas_wanted",
                    e.wanted());
            @SuppressWarnings("unchecked")
            T reply = (T) e.reply();
            return reply;
        }
    }

    /**
     * Runs the script by its digest, loading it first when this Redis does not know it (a restarted Redis).
     *
     * @throws WriteNotReplicated for an {@link #acknowledged()} script, when fewer replicas than asked confirmed its
     *     writes in time; they stand on the primary
     */
    public <T> T run(RedisCommands<String, String> commands, ScriptOutputType output, String[] keys, String... args) {
        if (!Span.current().getSpanContext().isValid()) {
            // outside any trace (idle polling, lease renewals, heartbeats): no trace of one span each second
            return evalsha(commands, output, keys, args);
        }
        // a client span per call in a trace; the arguments stay out of it (job parameters, tokens)
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.redis")
                .spanBuilder("EVALSHA " + name)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", "redis")
                .setAttribute("db.operation.name", "EVALSHA")
                .setAttribute("db.query.summary", "EVALSHA " + name)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return evalsha(commands, output, keys, args);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private <T> T evalsha(
            RedisCommands<String, String> commands, ScriptOutputType output, String[] keys, String... args) {
        if (acknowledging) {
            var replicated = ReplicatedWrites.of(commands);
            if (replicated.isPresent()) {
                return replicated.get().run(this, output, keys, args);
            }
        }
        try {
            return commands.evalsha(digest, output, keys, args);
        } catch (RedisNoScriptException e) {
            commands.scriptLoad(source);
            return commands.evalsha(digest, output, keys, args);
        }
    }

    /**
     * Whether each call of this script over {@code commands} waits for replicas to confirm it: then a caller cannot
     * pipeline its calls on the shared connection (a WAIT counts only the writes of its own link), and runs them one
     * by one with {@link #run}.
     */
    public boolean waitsForReplicasOn(RedisCommands<String, String> commands) {
        return acknowledging && ReplicatedWrites.of(commands).isPresent();
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    /** The SHA-1 of the source, as Redis names a loaded script. */
    public String digest() {
        return digest;
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + "]";
    }
}
