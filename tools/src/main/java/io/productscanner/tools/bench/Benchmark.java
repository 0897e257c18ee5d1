package io.productscanner.tools.bench;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.cli.CliContext;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.redis.EmbeddedRedis;
import io.productscanner.runtime.redis.RedisConfig;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One {@code bench} command: its options are picocli's; a value out of range is a usage error naming it. Each
 * prints a table and, last, one JSON line of its figures.
 */
abstract class Benchmark implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        CliContext context = CliContext.of(spec);
        return run(context.settings(), context.out(), context.err());
    }

    abstract int run(Settings settings, PrintStream out, PrintStream err) throws Exception;

    /** A Redis of the benchmark's own: a free port, no persistence, the binary {@code EMBEDDED_REDIS_BINARY} names. */
    static EmbeddedRedis.Options ownRedis(Settings settings) {
        return EmbeddedRedis.Options.throwaway().binary(settings.string(Setting.EMBEDDED_REDIS_BINARY));
    }

    /** {@code --redis-url}, its Sentinels (if any) asked with {@code REDIS_SENTINEL_PASSWORD} as the runtime does. */
    static RedisURI redisUri(String url, Settings settings) {
        RedisURI uri = RedisURI.create(url);
        settings.optional(Setting.REDIS_SENTINEL_PASSWORD)
                .ifPresent(password -> RedisConfig.withSentinelPassword(uri, password));
        return uri;
    }

    /** A wrong option value: exits 2 with {@code message} and the usage. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
