package io.productscanner.support.http;

import io.productscanner.support.core.PluginConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a plugin's HTTP client behaves: pacing, retries, timeouts and the headers every request carries unless it
 * sets them itself. Immutable; build one with {@link #builder()} or read one from a plugin's configuration with
 * {@link #fromConfig(PluginConfig)}.
 */
public final class HttpSettings {
    /** A desktop Chrome on Windows, as the platforms' own web pages are visited. */
    public static final String CHROME_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    /** Configuration key of {@link #pacing()}, in milliseconds. */
    public static final String PACING_MS = "PACING_MS";
    /** Configuration key of {@link #maxAttempts()}. */
    public static final String MAX_ATTEMPTS = "MAX_ATTEMPTS";
    /** Configuration key of {@link #backoffBase()}, in milliseconds. */
    public static final String BACKOFF_BASE_MS = "BACKOFF_BASE_MS";
    /** Configuration key of {@link #backoffMax()}, in milliseconds. */
    public static final String BACKOFF_MAX_MS = "BACKOFF_MAX_MS";
    /** Configuration key of {@link #maxRetryAfter()}, in milliseconds. */
    public static final String RETRY_AFTER_MAX_MS = "RETRY_AFTER_MAX_MS";
    /** Configuration key of {@link #connectTimeout()}, in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "CONNECT_TIMEOUT_MS";
    /** Configuration key of {@link #readTimeout()}, in milliseconds. */
    public static final String READ_TIMEOUT_MS = "READ_TIMEOUT_MS";
    /** Configuration key of {@link #callTimeout()}, in milliseconds. */
    public static final String CALL_TIMEOUT_MS = "CALL_TIMEOUT_MS";
    /** Configuration key of {@link #maxBodyBytes()}. */
    public static final String MAX_BODY_BYTES = "MAX_BODY_BYTES";
    /** Prefix of header keys: {@code HEADER_ACCEPT_LANGUAGE} sets {@code Accept-Language}. */
    public static final String HEADER_PREFIX = "HEADER_";

    private static final HttpSettings DEFAULTS = new Builder().build();

    private final Duration pacing;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final Duration maxRetryAfter;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final long maxBodyBytes;
    private final Map<String, String> defaultHeaders;

    private HttpSettings(Builder builder) {
        this.pacing = builder.pacing;
        this.maxAttempts = builder.maxAttempts;
        this.backoffBase = builder.backoffBase;
        this.backoffMax = builder.backoffMax;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.callTimeout = builder.callTimeout;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.defaultHeaders = Collections.unmodifiableMap(caseInsensitiveCopy(builder.defaultHeaders));
    }

    /**
     * Requests 1 s apart, 3 attempts, backoff 0.5 to 8 s, Retry-After up to 10 s, connect / read / call timeouts of
     * 5 s / 15 s / 60 s, bodies up to 10 MiB, desktop Chrome headers.
     */
    public static HttpSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the keys named by this class's constants from a plugin's configuration; absent keys keep the
     * {@linkplain #defaults() defaults}. Every {@code HEADER_*} key adds or replaces a default header.
     *
     * @throws IllegalArgumentException naming the key when a value is not a valid number
     */
    public static HttpSettings fromConfig(PluginConfig config) {
        Builder builder = builder();
        config.findLong(PACING_MS).ifPresent(ms -> builder.pacing(Duration.ofMillis(ms)));
        config.findLong(MAX_ATTEMPTS).ifPresent(attempts -> builder.maxAttempts(Math.toIntExact(attempts)));
        config.findLong(BACKOFF_BASE_MS).ifPresent(ms -> builder.backoffBase(Duration.ofMillis(ms)));
        config.findLong(BACKOFF_MAX_MS).ifPresent(ms -> builder.backoffMax(Duration.ofMillis(ms)));
        config.findLong(RETRY_AFTER_MAX_MS).ifPresent(ms -> builder.maxRetryAfter(Duration.ofMillis(ms)));
        config.findLong(CONNECT_TIMEOUT_MS).ifPresent(ms -> builder.connectTimeout(Duration.ofMillis(ms)));
        config.findLong(READ_TIMEOUT_MS).ifPresent(ms -> builder.readTimeout(Duration.ofMillis(ms)));
        config.findLong(CALL_TIMEOUT_MS).ifPresent(ms -> builder.callTimeout(Duration.ofMillis(ms)));
        config.findLong(MAX_BODY_BYTES).ifPresent(builder::maxBodyBytes);
        for (String key : config.keysStartingWith(HEADER_PREFIX)) {
            config.find(key).ifPresent(value -> builder.header(headerName(key), value));
        }
        return builder.build();
    }

    /** Minimum time between the starts of two requests of one client; zero disables pacing. */
    public Duration pacing() {
        return pacing;
    }

    /** Attempts per request, the first included; 1 disables retries. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Wait before the first retry; each further retry doubles it, up to {@link #backoffMax()}. */
    public Duration backoffBase() {
        return backoffBase;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    /** The longest {@code Retry-After} worth waiting for; a site asking for longer gets no retry. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest silence while reading (or writing) one answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Budget for one whole call: pacing waits, every attempt and the backoff between them; zero for none. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** The longest answer body read (after decompression); a longer one fails the call rather than fill memory. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Headers sent with every request that does not set them itself; names compare case-insensitively. */
    public Map<String, String> defaultHeaders() {
        return defaultHeaders;
    }

    public Builder toBuilder() {
        Builder builder = new Builder()
                .pacing(pacing)
                .maxAttempts(maxAttempts)
                .backoffBase(backoffBase)
                .backoffMax(backoffMax)
                .maxRetryAfter(maxRetryAfter)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .callTimeout(callTimeout)
                .maxBodyBytes(maxBodyBytes);
        builder.defaultHeaders.clear();
        builder.defaultHeaders.putAll(defaultHeaders);
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpSettings that
                && pacing.equals(that.pacing)
                && maxAttempts == that.maxAttempts
                && backoffBase.equals(that.backoffBase)
                && backoffMax.equals(that.backoffMax)
                && maxRetryAfter.equals(that.maxRetryAfter)
                && connectTimeout.equals(that.connectTimeout)
                && readTimeout.equals(that.readTimeout)
                && callTimeout.equals(that.callTimeout)
                && maxBodyBytes == that.maxBodyBytes
                && defaultHeaders.equals(that.defaultHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                pacing,
                maxAttempts,
                backoffBase,
                backoffMax,
                maxRetryAfter,
                connectTimeout,
                readTimeout,
                callTimeout,
                maxBodyBytes,
                defaultHeaders);
    }

    @Override
    public String toString() {
        return "HttpSettings[pacing=" + pacing + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase
                + ", backoffMax=" + backoffMax + ", maxRetryAfter=" + maxRetryAfter + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout
                + ", maxBodyBytes=" + maxBodyBytes + ", defaultHeaders=" + defaultHeaders + "]";
    }

    private static Map<String, String> caseInsensitiveCopy(Map<String, String> headers) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        return copy;
    }

    /** {@code HEADER_ACCEPT_LANGUAGE} → {@code Accept-Language}. */
    static String headerName(String key) {
        StringBuilder name = new StringBuilder();
        for (String word : key.substring(HEADER_PREFIX.length()).split("_")) {
            if (!word.isEmpty()) {
                if (!name.isEmpty()) {
                    name.append('-');
                }
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header key '" + key + "' names no header");
        }
        return name.toString();
    }

    /** Collects settings; every value is checked when set. */
    public static final class Builder {
        private Duration pacing = Duration.ofSeconds(1);
        private int maxAttempts = 3;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(8);
        private Duration maxRetryAfter = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(15);
        private Duration callTimeout = Duration.ofSeconds(60);
        private long maxBodyBytes = 10L * 1024 * 1024;
        // case-insensitive like HTTP header names, so a plugin's "accept" replaces the default "Accept"
        private final Map<String, String> defaultHeaders = caseInsensitiveCopy(Map.of());

        private Builder() {
            defaultHeaders.put("User-Agent", CHROME_USER_AGENT);
            defaultHeaders.put("Accept", "application/json, text/plain, */*");
            defaultHeaders.put("Accept-Language", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7");
        }

        public Builder pacing(Duration minimumInterval) {
            this.pacing = notNegative(minimumInterval, "pacing");
            return this;
        }

        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        public Builder backoffBase(Duration base) {
            this.backoffBase = notNegative(base, "backoffBase");
            return this;
        }

        public Builder backoffMax(Duration max) {
            this.backoffMax = notNegative(max, "backoffMax");
            return this;
        }

        public Builder maxRetryAfter(Duration max) {
            this.maxRetryAfter = notNegative(max, "maxRetryAfter");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = notNegative(timeout, "connectTimeout");
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = notNegative(timeout, "readTimeout");
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = notNegative(timeout, "callTimeout");
            return this;
        }

        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Adds a default header, or replaces the one of the same name (case-insensitive). */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            defaultHeaders.remove(name);
            defaultHeaders.put(name, value);
            return this;
        }

        public HttpSettings build() {
            if (backoffMax.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException(
                        "backoffMax (" + backoffMax + ") is below backoffBase (" + backoffBase + ")");
            }
            return new HttpSettings(this);
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
