package io.productscanner.runtime.redis;

import io.lettuce.core.RedisURI;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.time.Duration;
import java.util.Optional;

/**
 * The Redis this process uses, when one is configured, and the prefix of every key it writes there.
 *
 * @param url       {@code REDIS_URL} ({@code redis://}, {@code rediss://}, {@code redis-sentinel://} or
 *                  {@code rediss-sentinel://}, may carry a password); wins over host
 * @param host      {@code REDIS_HOST}, with {@code port} and {@code password}
 * @param port      {@code REDIS_PORT}
 * @param password  {@code REDIS_PASSWORD}
 * @param sentinelPassword {@code REDIS_SENTINEL_PASSWORD}: what the Sentinels of a {@code redis-sentinel://} URL
 *                  ask for (their {@code requirepass}), which the URL cannot carry (its password is the data nodes')
 * @param keyPrefix {@code REDIS_KEY_PREFIX}
 * @param tls       what a {@code rediss://} URL trusts and shows ({@code REDIS_TLS_*})
 */
public record RedisConfig(
        Optional<String> url,
        Optional<String> host,
        int port,
        Optional<String> password,
        Optional<String> sentinelPassword,
        String keyPrefix,
        RedisTls tls) {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    public static RedisConfig from(Settings settings) {
        RedisConfig config = new RedisConfig(
                settings.optional(Setting.REDIS_URL),
                settings.optional(Setting.REDIS_HOST),
                settings.value(Setting.REDIS_PORT, Integer::parseInt),
                settings.optional(Setting.REDIS_PASSWORD),
                settings.optional(Setting.REDIS_SENTINEL_PASSWORD),
                settings.string(Setting.REDIS_KEY_PREFIX),
                RedisTls.from(settings));
        Optional<RedisURI> uri = config.uri();
        // TLS files with a plain URL would leave the operator believing the link is encrypted
        if (config.tls.configured() && !uri.map(RedisURI::isSsl).orElse(false)) {
            throw new SettingsException(
                    "REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE apply only to TLS: set REDIS_URL=rediss://host:port (or rediss-sentinel://...), or unset them");
        }
        if (config.sentinelPassword.isPresent()
                && uri.map(parsed -> parsed.getSentinels().isEmpty()).orElse(true)) {
            throw new SettingsException(
                    "REDIS_SENTINEL_PASSWORD applies only to Sentinels: set REDIS_URL=redis-sentinel://host:port,...#master (or rediss-sentinel://...), or unset it");
        }
        return config;
    }

    /** The configured Redis; empty when neither {@code REDIS_URL} nor {@code REDIS_HOST} is set. */
    public Optional<RedisURI> uri() {
        if (url.isPresent()) {
            RedisURI uri = RedisURI.create(url.get());
            uri.setTimeout(TIMEOUT);
            sentinelPassword.ifPresent(secret -> withSentinelPassword(uri, secret));
            return Optional.of(uri);
        }
        return host.map(name -> {
            RedisURI.Builder builder =
                    RedisURI.builder().withHost(name).withPort(port).withTimeout(TIMEOUT);
            password.ifPresent(secret -> builder.withPassword(secret.toCharArray()));
            return builder.build();
        });
    }

    /** {@code uri}'s Sentinels, if any, asked with {@code password} (the data nodes keep the URL's). */
    public static RedisURI withSentinelPassword(RedisURI uri, String password) {
        uri.getSentinels().forEach(sentinel -> sentinel.setAuthentication(password));
        return uri;
    }

    /** Without the URL and the passwords, any of which may hold a secret. */
    @Override
    public String toString() {
        return "RedisConfig[url=" + (url.isPresent() ? "(set)" : "(unset)") + ", host=" + host.orElse("(unset)")
                + ", port=" + port + ", password=" + (password.isPresent() ? "(set)" : "(unset)")
                + ", sentinelPassword="
                + (sentinelPassword.isPresent() ? "(set)" : "(unset)") + ", keyPrefix="
                + keyPrefix + ", tls=" + tls + "]";
    }
}
