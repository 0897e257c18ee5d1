package io.productscanner.runtime.schedule;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) with {@code *}, lists,
 * ranges and steps. As in classic cron, when both day fields are restricted a day matching either one runs.
 */
public final class CronExpression {
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
        this.minutes = field(fields[0], 0, 59, "minute");
        this.hours = field(fields[1], 0, 23, "hour");
        this.daysOfMonth = field(fields[2], 1, 31, "day-of-month");
        this.months = field(fields[3], 1, 12, "month");
        BitSet weekdays = field(fields[4], 0, 7, "day-of-week");
        if (weekdays.get(7)) {
            weekdays.set(0); // 7 is Sunday too
        }
        this.daysOfWeek = weekdays;
        this.dayOfMonthRestricted = !fields[2].equals("*");
        this.dayOfWeekRestricted = !fields[4].equals("*");
    }

    /** @throws IllegalArgumentException saying which field is wrong */
    public static CronExpression parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day-of-month month "
                    + "day-of-week), not " + fields.length);
        }
        CronExpression expression = new CronExpression(text.trim(), fields);
        // a date no calendar has (31 February) is refused here, not at every tick of the scheduler
        expression.next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        return expression;
    }

    private static BitSet field(String spec, int min, int max, String name) {
        BitSet values = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, Integer.MAX_VALUE, name);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, name);
                to = number(ends[1], min, max, name);
                if (from > to) {
                    throw new IllegalArgumentException(name + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(range, min, max, name);
                // "5/15" means from 5 to the end in steps of 15
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, int min, int max, String name) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    /** The first matching minute strictly after {@code after}, in {@code after}'s zone. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime candidate = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        // every valid expression matches within a few years (Feb 29 at worst); the bound stops a runaway loop
        ZonedDateTime limit = candidate.plusYears(5);
        while (candidate.isBefore(limit)) {
            if (!months.get(candidate.getMonthValue())) {
                candidate = candidate.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(candidate)) {
                candidate = candidate.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(candidate.getHour())) {
                candidate = candidate.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(candidate.getMinute())) {
                candidate = candidate.plusMinutes(1);
            } else {
                return candidate;
            }
        }
        throw new IllegalArgumentException("cron expression '" + text + "' never matches");
    }

    private boolean dayMatches(ZonedDateTime day) {
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
