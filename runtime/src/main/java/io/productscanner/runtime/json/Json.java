package io.productscanner.runtime.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one JSON configuration of the runtime: snake_case names, ISO-8601 UTC times with milliseconds. */
public final class Json {
    /** Shared and thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    /** {@code 2025-11-27T08:11:01.578Z}, the seed's time format. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** A field's text, or null when it is missing or JSON null. */
    public static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /**
     * Whether {@code value} is an integer from {@code min} to {@code max}. Read exactly: Jackson's {@code asLong} and
     * {@code asInt} wrap an integer too large for them ({@code 18446744073709551617} reads as 1).
     */
    public static boolean isIntegerIn(JsonNode value, long min, long max) {
        return value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= min && value.asLong() <= max;
    }

    public static String write(Object value) {
        if (value instanceof JsonNode node && node.isObject() && node.isEmpty()) {
            // most jobs' metadata: not worth a serializer
            return "{}";
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON the runtime itself stored; a failure here means corrupted state, not bad user input. */
    public static JsonNode read(String text) {
        if ("{}".equals(text)) {
            // most jobs' metadata, and params of jobs that take none: not worth a parser
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
