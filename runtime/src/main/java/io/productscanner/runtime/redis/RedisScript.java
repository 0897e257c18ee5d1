package io.productscanner.runtime.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
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
    private final String name;
    private final String source;
    private final String digest;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.digest = sha1Hex(source);
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
        return new RedisScript(parts[parts.length - 1], source.toString());
    }

    /** A script from its source text (tests; the runtime's scripts are resources, see {@link #load}). */
    static RedisScript fromSource(String name, String source) {
        return new RedisScript(name, source);
    }

    /** Runs the script by its digest, loading it first when this Redis does not know it (a restarted Redis). */
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
        try {
            return commands.evalsha(digest, output, keys, args);
        } catch (RedisNoScriptException e) {
            commands.scriptLoad(source);
            return commands.evalsha(digest, output, keys, args);
        }
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
