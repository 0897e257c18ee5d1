package io.productscanner.runtime.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Typed catalog values from text (files) or JDBC objects; blank text is an absent value. Failures are
 * IllegalArgumentExceptions saying what was expected; callers add the file, line or column.
 */
final class CatalogValues {
    /**
     * ISO-8601 ({@code 2025-11-27T08:11:01.578Z}) and Postgres' own text form ({@code 2025-11-27 08:11:01.578+00},
     * as exported by psql and Supabase); without an offset the time is UTC.
     */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendOffset("+HH:mm", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private CatalogValues() {}

    static Long price(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number of KRW, got '" + text + "'");
        }
    }

    /** A price as JDBC returns it for integer, numeric, float or text columns. */
    static Long price(Object value) {
        return switch (value) {
            case null -> null;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case BigDecimal d -> {
                try {
                    yield d.longValueExact();
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("must be a whole number of KRW, got " + d.toPlainString());
                }
            }
            case Number n when n.doubleValue() == Math.rint(n.doubleValue()) -> n.longValue();
            case String s -> price(s);
            default -> throw new IllegalArgumentException("must be a whole number of KRW, got " + value);
        };
    }

    /** {@code true}/{@code false}, and Postgres' {@code t}/{@code f}, in any case; also 1/0. */
    static Boolean bool(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> true;
            case "false", "f", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        };
    }

    static Boolean bool(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> b;
            case String s -> bool(s);
            default -> bool(value.toString());
        };
    }

    static Instant timestamp(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor parsed = TIMESTAMP.parse(text.trim());
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return LocalDateTime.from(parsed).toInstant(offset);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a timestamp such as 2025-11-27T08:11:01Z, got '" + text + "'");
        }
    }
}
