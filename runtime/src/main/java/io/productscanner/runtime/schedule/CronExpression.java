package io.productscanner.runtime.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) as classic cron reads it:
 * {@code *}, lists, ranges and steps; month names ({@code JAN}-{@code DEC}) and day names ({@code SUN}-{@code SAT})
 * in any case, alone or in ranges and lists; day of week 0-7, where 0 and 7 are Sunday; and the macros
 * {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily} ({@code @midnight}) and
 * {@code @hourly}. When both day fields are restricted, a day matching either one runs.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = macros();
    private static final List<String> MONTH_NAMES =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.minutes = field(fields[0], Field.MINUTE);
        this.hours = field(fields[1], Field.HOUR);
        this.daysOfMonth = field(fields[2], Field.DAY_OF_MONTH);
        this.months = field(fields[3], Field.MONTH);
        BitSet weekdays = field(fields[4], Field.DAY_OF_WEEK);
        if (weekdays.get(7)) {
            weekdays.set(0); // 7 is Sunday too
        }
        this.daysOfWeek = weekdays;
        this.dayOfMonthRestricted = !fields[2].equals("*");
        this.dayOfWeekRestricted = !fields[4].equals("*");
    }

    private static Map<String, String> macros() {
        Map<String, String> macros = new LinkedHashMap<>();
        macros.put("@yearly", "0 0 1 1 *");
        macros.put("@annually", "0 0 1 1 *");
        macros.put("@monthly", "0 0 1 * *");
        macros.put("@weekly", "0 0 * * 0");
        macros.put("@daily", "0 0 * * *");
        macros.put("@midnight", "0 0 * * *");
        macros.put("@hourly", "0 * * * *");
        return macros;
    }

    /** The fields, with their ranges and, for months and days of the week, their names. */
    private enum Field {
        MINUTE("minute", 0, 59, List.of(), 0),
        HOUR("hour", 0, 23, List.of(), 0),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of(), 0),
        MONTH("month", 1, 12, MONTH_NAMES, 1),
        DAY_OF_WEEK("day-of-week", 0, 7, DAY_NAMES, 0);

        private final String label;
        private final int min;
        private final int max;
        private final List<String> names;
        /** The value of the first name: JAN is 1, SUN is 0. */
        private final int firstNameValue;

        Field(String label, int min, int max, List<String> names, int firstNameValue) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
            this.firstNameValue = firstNameValue;
        }
    }

    /** @throws IllegalArgumentException saying which field is wrong */
    public static CronExpression parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String trimmed = text.trim();
        String expanded = trimmed.startsWith("@") ? macro(trimmed) : trimmed;
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day-of-month month "
                    + "day-of-week) or is one of " + String.join(", ", MACROS.keySet()) + ", not " + fields.length
                    + " fields");
        }
        CronExpression expression = new CronExpression(trimmed, fields);
        // a date no calendar has (31 February) is refused here, not at every tick of the scheduler
        expression.next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        return expression;
    }

    private static String macro(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("@reboot")) {
            throw new IllegalArgumentException("@reboot is not supported: schedules run at times of day, and a "
                    + "schedule has no boot to run at (use @daily, a cron expression or when_idle)");
        }
        String fields = MACROS.get(lower);
        if (fields == null) {
            throw new IllegalArgumentException(
                    "unknown macro '" + name + "' (accepted: " + String.join(", ", MACROS.keySet()) + ")");
        }
        return fields;
    }

    private static BitSet field(String spec, Field field) {
        BitSet values = new BitSet(field.max + 1);
        for (String part : spec.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = stepOf(part.substring(slash + 1), field);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = field.min;
                to = field.max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = value(ends[0], field);
                to = value(ends[1], field);
                if (field == Field.DAY_OF_WEEK && to == 0 && from > 0 && isName(ends[1])) {
                    to = 7; // SAT-SUN: Sunday closes the week as well as opening it
                }
                if (from > to) {
                    throw new IllegalArgumentException(field.label + " range '" + range + "' runs backwards");
                }
            } else {
                from = value(range, field);
                // "5/15" means from 5 to the end in steps of 15
                to = slash >= 0 ? field.max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int stepOf(String text, Field field) {
        int step;
        try {
            step = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.label + " step '" + text + "' is not a number");
        }
        if (step < 1) {
            throw new IllegalArgumentException(field.label + " step " + step + " must be 1 or more");
        }
        return step;
    }

    private static boolean isName(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isLetter);
    }

    /** A number in the field's range, or a name of a month or day of the week in any case. */
    private static int value(String text, Field field) {
        if (isName(text) && !field.names.isEmpty()) {
            int index = field.names.indexOf(text.toUpperCase(Locale.ROOT));
            if (index < 0) {
                throw new IllegalArgumentException(field.label + " '" + text + "' is not a number or a name ("
                        + String.join(", ", field.names) + ")");
            }
            return field.firstNameValue + index;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field.label + " '" + text + "' is not a number");
        }
        if (value < field.min || value > field.max) {
            throw new IllegalArgumentException(
                    field.label + " " + value + " is outside " + field.min + "-" + field.max);
        }
        return value;
    }

    /**
     * The first matching minute strictly after {@code after}, in {@code after}'s zone. Where clocks go forward, the
     * minutes that do not exist are skipped. Where they go back, a repeated minute runs at its first occurrence,
     * and again at its second only when the hour field also holds the next hour (hourly and more frequent
     * schedules keep their rhythm; a daily job does not run twice).
     */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        ZonedDateTime candidate = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        // every valid expression matches within nine years (29 February at worst: 2096, then 2104); the bound
        // stops a runaway loop on one that never does
        ZonedDateTime limit = candidate.plusYears(9);
        while (candidate.isBefore(limit)) {
            LocalDateTime local = candidate.toLocalDateTime();
            ZonedDateTime following;
            if (!months.get(local.getMonthValue())) {
                following = local.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(zone);
            } else if (!dayMatches(local.toLocalDate())) {
                following = local.toLocalDate().plusDays(1).atStartOfDay(zone);
            } else if (!hours.get(local.getHour())) {
                following = ZonedDateTime.ofLocal(
                        local.truncatedTo(ChronoUnit.HOURS).plusHours(1), zone, candidate.getOffset());
            } else if (!minutes.get(local.getMinute()) || repeatedAndNotRerun(candidate)) {
                following = candidate.plusMinutes(1);
            } else {
                return candidate;
            }
            // a jump reckoned on the wall clock can land at or before the candidate where clocks go back
            candidate = following.isAfter(candidate) ? following : candidate.plusMinutes(1);
        }
        throw new IllegalArgumentException("cron expression '" + text + "' never matches");
    }

    /** Whether {@code candidate} is the second occurrence of a repeated minute that is not to run again. */
    private boolean repeatedAndNotRerun(ZonedDateTime candidate) {
        ZoneOffsetTransition transition = candidate.getZone().getRules().getTransition(candidate.toLocalDateTime());
        boolean secondOccurrence = transition != null
                && transition.isOverlap()
                && candidate.getOffset().equals(transition.getOffsetAfter());
        return secondOccurrence && !hours.get((candidate.getHour() + 1) % 24);
    }

    private boolean dayMatches(LocalDate day) {
        boolean domMatch = daysOfMonth.get(day.getDayOfMonth());
        boolean dowMatch = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return domMatch || dowMatch;
        }
        return domMatch && dowMatch;
    }

    @Override
    public String toString() {
        return text;
    }
}
