package io.productscanner.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The schedules' cron parser against cron-utils (its Unix crontab definition, plus the nicknames for the
 * macros): for every expression, zone and start instant, the next fire times must be the same.
 */
// a jump that never ends must fail the test, not hang the build
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CronOracleTest {
    private static final int FIRE_TIMES = 25;
    private static final int WALKED = 4;

    private static final List<String> EXPRESSIONS = List.of(
            // names, in any case, alone, in ranges and in lists
            "0 9 * * MON-FRI",
            "0 0 1 JAN,JUL *",
            "30 6 * * sat,sun",
            "0 12 * * SAT-SUN",
            "15 10 * jan-mar mon",
            "0 0 * * Sun",
            "0 8 1 jun-aug *",
            "0 18 * * mon,wed,fri",
            "45 23 * DEC *",
            "0 7 * * TUE-THU",
            "0 0 1 JAN-DEC/3 *",
            "0 6 * Feb,Aug Tue,Thu",
            // numbers: every minute, steps, ranges with steps, lists, month ends, leap days, Sunday as 0 and 7
            "* * * * *",
            "*/15 * * * *",
            "5/15 * * * *",
            "0 */4 * * *",
            "30 8-17/3 * * *",
            "0 0 * * *",
            "0 0 1 * *",
            "0 9 31 * *",
            "0 0 29 2 *",
            "0 12 * * 0",
            "0 12 * * 7",
            "0 0 * * 5-7",
            "10,20,40 1,13 * * *",
            "0 3 1-7 * *",
            "59 23 31 12 *",
            "7 */5 * * *",
            "0-10/5 22-23 * * *",
            // the day rules: both day fields restricted runs on either; one restricted runs on that one
            "0 0 13 * 5",
            "0 0 13 * FRI",
            "0 0 */2 * 1",
            "0 0 1,15 * MON",
            "0 9 1-7 * MON",
            "0 0 * * 1",
            "0 0 15 * *",
            "0 0 1-10/3 * 3-5",
            "0 0 * 2 *",
            "30 4 31 * SUN");

    private static final List<String> MACROS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

    /** Zones without clock changes, among them offsets of half and three quarters of an hour. */
    private static final List<ZoneId> STEADY_ZONES = List.of(
            ZoneId.of("UTC"),
            ZoneId.of("Asia/Seoul"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Asia/Kathmandu"),
            ZoneId.of("America/Bogota"));

    /** Zones whose clocks change, among them Lord Howe's half-hour change and Santiago's at midnight. */
    private static final List<ZoneId> CHANGING_ZONES = List.of(
            ZoneId.of("America/New_York"),
            ZoneId.of("Europe/London"),
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("Australia/Sydney"),
            ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("America/Santiago"));

    private static final List<LocalDateTime> STARTS = List.of(
            LocalDateTime.parse("2026-01-01T00:00"),
            LocalDateTime.parse("2026-02-27T23:59:30"),
            LocalDateTime.parse("2026-06-15T09:00"),
            LocalDateTime.parse("2026-03-31T23:59:59.999"),
            LocalDateTime.parse("2027-12-31T23:59"),
            LocalDateTime.parse("2028-02-28T12:00"));

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser UNIX_WITH_NICKNAMES = new CronParser(unixWithNicknames());

    private static CronDefinition unixWithNicknames() {
        return CronDefinitionBuilder.defineCron()
                .withMinutes()
                .and()
                .withHours()
                .and()
                .withDayOfMonth()
                .and()
                .withMonth()
                .and()
                .withDayOfWeek()
                .withValidRange(0, 7)
                .withMondayDoWValue(1)
                .withIntMapping(7, 0)
                .and()
                .withSupportedNicknameYearly()
                .withSupportedNicknameAnnually()
                .withSupportedNicknameMonthly()
                .withSupportedNicknameWeekly()
                .withSupportedNicknameDaily()
                .withSupportedNicknameMidnight()
                .withSupportedNicknameHourly()
                .instance();
    }

    @Test
    void namesRangesStepsListsAndDayRulesFireWhenTheLibrarySays() {
        for (String expression : EXPRESSIONS) {
            ExecutionTime oracle = ExecutionTime.forCron(UNIX.parse(expression));
            for (ZoneId zone : STEADY_ZONES) {
                for (LocalDateTime start : STARTS) {
                    ZonedDateTime from = start.atZone(zone);
                    assertEquals(
                            oracle(oracle, from),
                            ours(CronExpression.parse(expression), from),
                            expression + " from " + from);
                }
            }
        }
    }

    @Test
    void macrosFireWhenTheLibrarysNicknamesSay() {
        for (String macro : MACROS) {
            ExecutionTime oracle = ExecutionTime.forCron(UNIX_WITH_NICKNAMES.parse(macro));
            for (ZoneId zone : STEADY_ZONES) {
                for (LocalDateTime start : STARTS) {
                    ZonedDateTime from = start.atZone(zone);
                    assertEquals(
                            oracle(oracle, from), ours(CronExpression.parse(macro), from), macro + " from " + from);
                    assertEquals(
                            oracle(oracle, from),
                            ours(CronExpression.parse(macro.toUpperCase()), from),
                            macro.toUpperCase() + " from " + from);
                }
            }
        }
    }

    /**
     * Where clocks change, fire times agree too, skipped minutes where clocks go forward included. In the hour
     * repeated where they go back the two part (see {@link CronExpression#next}); the comparison stops there.
     */
    @Test
    void whereClocksChangeTheFireTimesAgreeUpToARepeatedHour() {
        int compared = 0;
        for (ZoneId zone : CHANGING_ZONES) {
            for (ZonedDateTime from : beforeClockChanges(zone)) {
                for (String expression : EXPRESSIONS) {
                    List<ZonedDateTime> expected = oracle(ExecutionTime.forCron(UNIX.parse(expression)), from);
                    List<ZonedDateTime> actual = ours(CronExpression.parse(expression), from);
                    int agreeing = Math.min(beforeARepeatedHour(expected), beforeARepeatedHour(actual));
                    assertEquals(
                            expected.subList(0, agreeing), actual.subList(0, agreeing), expression + " from " + from);
                    compared += agreeing;
                }
            }
        }
        assertTrue(compared > CHANGING_ZONES.size() * EXPRESSIONS.size() * FIRE_TIMES, "compared " + compared);
    }

    /**
     * From any instant, a clock change itself or a minute inside a skipped or repeated hour among them, the
     * jumps {@link CronExpression#next} takes land where a walk minute by minute on the time line lands (up to a
     * repeated hour, whose rule {@code next} adds).
     */
    @Test
    void fromAnyInstantNearAClockChangeTheJumpsLandWhereAMinuteByMinuteWalkDoes() {
        List<String> frequent = List.of(
                "* * * * *",
                "*/15 * * * *",
                "5/15 * * * *",
                "0 */4 * * *",
                "30 8-17/3 * * *",
                "0 0 * * *",
                "0 9 * * MON-FRI",
                "0,30 1-3 * * *",
                "15 2 * * *",
                "30 1 * * *",
                "0 * * * *",
                "59 23 * * *",
                "45 0 * * *");
        for (ZoneId zone : List.of(
                ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Santiago"))) {
            for (ZonedDateTime change : beforeClockChanges(zone)) {
                ZonedDateTime at = change.plusSeconds(5_400);
                for (int minutes = -60; minutes <= 60; minutes += 30) {
                    ZonedDateTime from = at.plusMinutes(minutes);
                    for (String expression : frequent) {
                        List<ZonedDateTime> walked = walked(ExecutionTime.forCron(UNIX.parse(expression)), from);
                        List<ZonedDateTime> jumped =
                                ours(CronExpression.parse(expression), from).subList(0, WALKED);
                        int agreeing = Math.min(beforeARepeatedHour(walked), beforeARepeatedHour(jumped));
                        assertEquals(
                                walked.subList(0, agreeing), jumped.subList(0, agreeing), expression + " from " + from);
                    }
                }
            }
        }
    }

    /**
     * The next few instants, a minute apart on the time line, whose wall-clock time the expression names; those
     * times come from the library in UTC, whose clock never changes.
     */
    private static List<ZonedDateTime> walked(ExecutionTime oracle, ZonedDateTime from) {
        ZonedDateTime named = oracle.nextExecution(
                        from.toLocalDateTime().minusHours(2).atZone(ZoneOffset.UTC))
                .orElseThrow();
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime at = from.truncatedTo(ChronoUnit.MINUTES);
        while (times.size() < WALKED) {
            at = at.plusMinutes(1);
            LocalDateTime wallClock = at.toLocalDateTime();
            while (named.toLocalDateTime().isBefore(wallClock)) {
                named = oracle.nextExecution(named).orElseThrow();
            }
            if (named.toLocalDateTime().equals(wallClock)) {
                times.add(at);
            }
        }
        return times;
    }

    /** A day and an hour and a half before each of the zone's next four clock changes. */
    private static List<ZonedDateTime> beforeClockChanges(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZonedDateTime> starts = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            ZoneOffsetTransition change = rules.nextTransition(at);
            starts.add(change.getInstant().minusSeconds(86_400).atZone(zone));
            starts.add(change.getInstant().minusSeconds(5_400).atZone(zone));
            at = change.getInstant();
        }
        return starts;
    }

    private static int beforeARepeatedHour(List<ZonedDateTime> times) {
        for (int i = 0; i < times.size(); i++) {
            ZoneOffsetTransition change =
                    times.get(i).getZone().getRules().getTransition(times.get(i).toLocalDateTime());
            if (change != null && change.isOverlap()) {
                return i;
            }
        }
        return times.size();
    }

    private static List<ZonedDateTime> ours(CronExpression expression, ZonedDateTime from) {
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime at = from;
        for (int i = 0; i < FIRE_TIMES; i++) {
            at = expression.next(at);
            times.add(at);
        }
        return times;
    }

    private static List<ZonedDateTime> oracle(ExecutionTime oracle, ZonedDateTime from) {
        List<ZonedDateTime> times = new ArrayList<>();
        ZonedDateTime at = from;
        for (int i = 0; i < FIRE_TIMES; i++) {
            at = oracle.nextExecution(at).orElseThrow();
            times.add(at);
        }
        return times;
    }
}
