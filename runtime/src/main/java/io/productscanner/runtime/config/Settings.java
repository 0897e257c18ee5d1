package io.productscanner.runtime.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The process settings, read through one Helidon {@link Config} whose sources are, first match wins: explicit
 * overrides (tests, the {@code scan} and {@code bench} commands), the environment, Java system properties, then
 * {@code application.yaml}, which holds every default. A setting is looked up by its environment name (the
 * public contract, listed in {@link Setting} and docs/CONFIGURATION.md) and then by its key in
 * {@code application.yaml}; a blank value counts as unset. Each area of the runtime reads its settings into a
 * record of its own once, at start-up ({@code ApiAccess.from(settings)}, {@code RedisConfig.from(settings)}, ...);
 * a value that does not parse stops start-up with a {@link SettingsException} naming the variable and what is
 * wrong.
 */
public final class Settings implements RawSettings {
    private final Map<String, String> overrides;
    private final Config config;

    private Settings(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
        this.config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                // values are taken as written: a password holding "${x}" is not a reference to resolve
                .disableValueResolving()
                .disableKeyResolving()
                .sources(List.of(
                        ConfigSources.create(this.overrides, "explicit overrides"),
                        // the variables by their exact names: Helidon's environment source would also add dotted
                        // aliases (REDIS_PORT as redis.port), through which a blank variable hides a YAML default
                        ConfigSources.create(System.getenv(), "environment variables"),
                        ConfigSources.systemProperties(),
                        ConfigSources.classpath("application.yaml")))
                .build();
    }

    /** Settings of this process: environment and system properties over the bundled defaults. */
    public static Settings fromEnvironment() {
        return new Settings(Map.of());
    }

    /** Settings with explicit values taking precedence over the environment; used by tests and the bench. */
    public static Settings of(Map<String, String> overrides) {
        return new Settings(overrides);
    }

    /** A copy with more overrides on top. */
    public Settings with(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new Settings(merged);
    }

    /** A setting by its environment name, e.g. {@code MUSINSA_API_URL}, trimmed; blank counts as unset. */
    @Override
    public Optional<String> raw(String envName) {
        return nonBlank(config.get(envName));
    }

    /** A required setting, trimmed: its value, else its default. */
    public String string(Setting setting) {
        return value(setting, Function.identity());
    }

    /** A setting that may be unset: its value, else its default unless that is blank. */
    public Optional<String> optional(Setting setting) {
        return raw(setting.envName()).or(() -> nonBlank(config.get(setting.configKey())));
    }

    /**
     * A required setting parsed by {@code parse}; what {@code parse} throws is reported naming the setting and
     * the value ({@code LOCK_TTL_MS='0' is not valid: must be ...}), unless it is a {@link SettingsException}
     * that says so itself.
     */
    public <T> T value(Setting setting, Function<String, T> parse) {
        String value = optional(setting)
                .or(() -> config.get(setting.configKey()).asString().asOptional())
                .orElseThrow(() -> new SettingsException(setting.envName() + " is not set and has no default"));
        return parse(setting, value, parse);
    }

    /** An optional setting parsed by {@code parse}, reported as {@link #value} reports. */
    public <T> Optional<T> optionalValue(Setting setting, Function<String, T> parse) {
        return optional(setting).map(value -> parse(setting, value, parse));
    }

    private static <T> T parse(Setting setting, String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (SettingsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SettingsException(setting.envName() + "='" + value + "' is not valid: " + e.getMessage());
        }
    }

    /** A whole number of at least {@code least}. */
    public int integer(Setting setting, int least) {
        return value(setting, v -> atLeast(Integer.parseInt(v), least));
    }

    /** A TCP port, 0 for any free one. */
    public int port(Setting setting) {
        return value(setting, v -> {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("must be a port number, 0 for any free port");
            }
            return port;
        });
    }

    /** A positive number of milliseconds. */
    public Duration millis(Setting setting) {
        return value(setting, v -> {
            long millis = Long.parseLong(v);
            if (millis <= 0) {
                throw new IllegalArgumentException("must be a positive number of milliseconds");
            }
            return Duration.ofMillis(millis);
        });
    }

    /** Only {@code true} or {@code false}, in any case: a typo must not silently leave something open or closed. */
    public boolean flag(Setting setting) {
        return value(setting, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    public Path path(Setting setting) {
        return value(setting, Path::of);
    }

    /** The comma-separated entries, trimmed, blank ones left out; empty when unset. */
    public List<String> list(Setting setting) {
        return optional(setting)
                .map(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /**
     * A token sent in an HTTP header ({@code Authorization: Bearer ...}), where anything but printable ASCII
     * without spaces is mangled or refused by clients. The message never repeats the value.
     */
    public Optional<String> headerToken(Setting setting) {
        Optional<String> token = optional(setting);
        if (token.isPresent() && !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new SettingsException(setting.envName() + " must be printable ASCII without spaces");
        }
        return token;
    }

    /** An absolute http(s) URL; anything else is refused at start-up, not at its first use. */
    public Optional<URI> httpUrl(Setting setting) {
        return optional(setting).map(value -> {
            try {
                URI uri = new URI(value);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new SettingsException(setting.envName() + " must be an absolute http(s) URL, not '" + value + "'");
        });
    }

    private static int atLeast(int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException("must be " + least + " or more");
        }
        return value;
    }

    private static Optional<String> nonBlank(Config node) {
        return node.asString().asOptional().map(String::trim).filter(v -> !v.isEmpty());
    }
}
