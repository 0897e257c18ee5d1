package io.productscanner.support.core;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A plugin's configuration: defaults from a properties resource shipped in the plugin, each key overridable by
 * the runtime setting {@code {PREFIX}_{KEY}} (e.g. key {@code API_URL} of prefix {@code MUSINSA} by
 * {@code MUSINSA_API_URL}). Keeps endpoints, headers and status codes out of the code, so a site change is a
 * configuration change.
 */
public final class PluginConfig {
    private final PluginContext context;
    private final String settingPrefix;
    private final Properties defaults;

    private PluginConfig(PluginContext context, String settingPrefix, Properties defaults) {
        this.context = context;
        this.settingPrefix = settingPrefix;
        this.defaults = defaults;
    }

    /**
     * Reads the defaults from a UTF-8 properties stream, typically the plugin's own resource; closes the stream.
     *
     * @param settingPrefix upper-case prefix of the overriding settings, without the underscore, e.g. {@code MUSINSA}
     * @param defaults      the resource, or null when it is missing (a packaging error, reported as such)
     */
    public static PluginConfig load(PluginContext context, String settingPrefix, InputStream defaults) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(settingPrefix, "settingPrefix");
        if (defaults == null) {
            throw new IllegalStateException("the " + settingPrefix.toLowerCase(Locale.ROOT)
                    + " plugin's default configuration resource is missing from its JAR");
        }
        Properties properties = new Properties();
        try (InputStream in = defaults) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + settingPrefix + " plugin configuration", e);
        }
        return new PluginConfig(context, settingPrefix, properties);
    }

    /** The setting that overrides {@code key}, e.g. {@code MUSINSA_API_URL}. */
    public String settingName(String key) {
        return settingPrefix + "_" + key;
    }

    /** The override when set and not blank, else the default, else empty. */
    public Optional<String> find(String key) {
        return context.setting(settingName(key))
                .filter(value -> !value.isBlank())
                .or(() -> Optional.ofNullable(defaults.getProperty(key)))
                .map(String::strip);
    }

    /** Like {@link #find}, for a key the plugin cannot work without. */
    public String require(String key) {
        return find(key)
                .orElseThrow(() -> new IllegalStateException("configuration key " + key + " is not set: set "
                        + settingName(key) + " or restore it in the plugin's defaults"));
    }

    /**
     * A field path into a JSON answer, as a JSON pointer (RFC 6901) such as {@code /data/goodsNm}.
     *
     * @throws IllegalArgumentException naming the setting when the value is not a JSON pointer
     */
    public JsonPointer requirePointer(String key) {
        String value = require(key);
        try {
            return JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    settingName(key) + " must be a JSON pointer such as /name, was '" + value + "'", e);
        }
    }

    /**
     * A whole number of, e.g., milliseconds.
     *
     * @throws IllegalArgumentException naming the setting when the value is not a number
     */
    public Optional<Long> findLong(String key) {
        return find(key).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        settingName(key) + " must be a whole number, was '" + value + "'", e);
            }
        });
    }

    /** The keys of the defaults that start with {@code prefix}, sorted; overrides can change them, not add to them. */
    public List<String> keysStartingWith(String prefix) {
        return defaults.stringPropertyNames().stream()
                .filter(key -> key.startsWith(prefix))
                .sorted()
                .toList();
    }

    /**
     * A comma-separated list in its order, blanks dropped, e.g. ordered selector fallbacks.
     *
     * @throws IllegalStateException when the key is not set
     */
    public List<String> requireList(String key) {
        return Arrays.stream(require(key).split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /**
     * A comma-separated set, blanks dropped, e.g. {@code DISPLAY_000_0002,DISPLAY_000_0006}.
     *
     * @throws IllegalStateException when the key is not set
     */
    public Set<String> requireSet(String key) {
        return Set.copyOf(requireList(key));
    }

    /**
     * A map of platform status codes to sale statuses, e.g. {@code SALE:on_sale,SOLDOUT:sold_out}.
     *
     * @throws IllegalArgumentException naming the setting when an entry is malformed or names no sale status
     */
    public Map<String, SaleStatus> requireStatusMap(String key) {
        Map<String, SaleStatus> statuses = new LinkedHashMap<>();
        for (String entry : requireList(key)) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        settingName(key) + " entries must look like CODE:on_sale, was '" + entry + "'");
            }
            try {
                statuses.put(
                        entry.substring(0, colon).strip(),
                        SaleStatus.fromWireName(entry.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(settingName(key) + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(statuses);
    }
}
