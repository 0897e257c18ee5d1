package io.productscanner.runtime.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Lua script kept as a resource, invoked by its digest. A Redis that restarted has forgotten it: the script
 * is then loaded again and the call repeated once.
 */
public final class RedisScript {
    private final String name;
    private final String source;
    private volatile String sha;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source;
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
                    throw new IllegalStateException("missing Lua script resource " + part + " next to "
                            + owner.getName());
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Lua script " + part, e);
            }
        }
        return new RedisScript(parts[parts.length - 1], source.toString());
    }

    public <T> T run(RedisCommands<String, String> commands, ScriptOutputType output, String[] keys,
                     String... args) {
        String digest = sha;
        if (digest == null) {
            digest = sha = commands.scriptLoad(source);
        }
        try {
            return commands.evalsha(digest, output, keys, args);
        } catch (RedisNoScriptException e) {
            sha = commands.scriptLoad(source);
            return commands.evalsha(sha, output, keys, args);
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + "]";
    }
}
