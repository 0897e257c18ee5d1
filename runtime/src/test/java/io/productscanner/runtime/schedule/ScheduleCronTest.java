package io.productscanner.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleCronTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    private static ZonedDateTime seoul(String local) {
        return ZonedDateTime.parse(local + "+09:00[Asia/Seoul]");
    }

    @Test
    void stepsCrossTheDayBoundaryInSeoul() {
        CronExpression everyFourHours = CronExpression.parse("30 */4 * * *");
        ZonedDateTime last = everyFourHours.next(seoul("2026-03-01T20:31:00"));
        assertEquals(seoul("2026-03-02T00:30:00"), last);
        assertEquals(seoul("2026-03-02T04:30:00"), everyFourHours.next(last));
        // midnight in Seoul is 15:00 UTC the day before: the slot is fixed in Seoul, not in UTC
        assertEquals(
                "2026-03-01T15:30Z", last.toInstant().atZone(ZoneId.of("Z")).toLocalDateTime() + "Z");
    }

    @Test
    void monthEndsAndLeapDays() {
        CronExpression thirtyFirst = CronExpression.parse("0 9 31 * *");
        assertEquals(seoul("2026-03-31T09:00:00"), thirtyFirst.next(seoul("2026-01-31T09:00:00")));
        CronExpression lastOfFebruary = CronExpression.parse("0 0 29 2 *");
        assertEquals(seoul("2028-02-29T00:00:00"), lastOfFebruary.next(seoul("2026-03-01T00:00:00")));
        CronExpression firstOfMonth = CronExpression.parse("15 0 1 * *");
        assertEquals(seoul("2027-01-01T00:15:00"), firstOfMonth.next(seoul("2026-12-31T23:59:00")));
    }

    @Test
    void listsRangesAndWeekdays() {
        CronExpression weekdayMornings = CronExpression.parse("0,30 8-9 * * 1-5");
        // 2026-03-06 is a Friday: after its last slot comes Monday's first
        assertEquals(seoul("2026-03-09T08:00:00"), weekdayMornings.next(seoul("2026-03-06T09:30:00")));
        assertEquals(seoul("2026-03-06T09:00:00"), weekdayMornings.next(seoul("2026-03-06T08:30:00")));
        CronExpression sundays = CronExpression.parse("0 12 * * 7");
        assertEquals(seoul("2026-03-08T12:00:00"), sundays.next(seoul("2026-03-06T00:00:00")));
    }

    @Test
    void seoulHasNoDaylightSavingGap() {
        CronExpression hourly = CronExpression.parse("0 * * * *");
        ZonedDateTime slot = seoul("2026-03-29T01:00:00");
        for (int i = 0; i < 24 * 200; i++) {
            ZonedDateTime next = hourly.next(slot);
            assertEquals(3600, next.toEpochSecond() - slot.toEpochSecond(), "after " + slot);
            slot = next;
        }
        assertTrue(slot.getZone().equals(SEOUL));
    }

    @Test
    void badExpressionsNameTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("61 * * * *"))
                .getMessage()
                .startsWith("minute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * 13 *"))
                .getMessage()
                .startsWith("month"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * *"));
        assertThrows(
                IllegalArgumentException.class,
                () -> CronExpression.parse("0 0 31 2 *").next(seoul("2026-01-01T00:00:00")));
    }

    @Test
    void dayAndMonthNamesInAnyCaseMeanTheirNumbers() {
        assertSameFireTimes("0 9 * * MON-FRI", "0 9 * * 1-5");
        assertSameFireTimes("0 9 * * mon,Wed,FRI", "0 9 * * 1,3,5");
        assertSameFireTimes("0 0 1 JAN,JUL *", "0 0 1 1,7 *");
        assertSameFireTimes("0 0 1 jan-dec/3 *", "0 0 1 1,4,7,10 *");
        // Sunday closes the week as well as opening it
        assertSameFireTimes("0 12 * * SAT-SUN", "0 12 * * 6,0");
        assertSameFireTimes("0 12 * * sun", "0 12 * * 7");
    }

    @Test
    void macrosAreTheUsualExpressionsInAnyCase() {
        assertSameFireTimes("@yearly", "0 0 1 1 *");
        assertSameFireTimes("@annually", "0 0 1 1 *");
        assertSameFireTimes("@monthly", "0 0 1 * *");
        assertSameFireTimes("@weekly", "0 0 * * 0");
        assertSameFireTimes("@daily", "0 0 * * *");
        assertSameFireTimes("@midnight", "0 0 * * *");
        assertSameFireTimes("@HOURLY", "0 * * * *");
        assertEquals("@daily", CronExpression.parse(" @daily ").toString(), "kept as written, for the API to show");
    }

    @Test
    void rebootAndUnknownNamesAreRefusedSayingWhatIsAccepted() {
        assertTrue(refusal("@reboot").startsWith("@reboot is not supported"), refusal("@reboot"));
        assertEquals(
                "unknown macro '@fortnightly' (accepted: @yearly, @annually, @monthly, @weekly, @daily, "
                        + "@midnight, @hourly)",
                refusal("@fortnightly"));
        assertEquals(
                "day-of-week 'FUNDAY' is not a number or a name (SUN, MON, TUE, WED, THU, FRI, SAT)",
                refusal("0 9 * * FUNDAY"));
        assertEquals(
                "month 'JANUARY' is not a number or a name (JAN, FEB, MAR, APR, MAY, JUN, JUL, AUG, SEP, OCT, "
                        + "NOV, DEC)",
                refusal("0 0 1 JANUARY *"));
        assertEquals("hour 'NOON' is not a number", refusal("0 NOON * * *"));
        assertEquals("day-of-week range 'FRI-MON' runs backwards", refusal("0 9 * * FRI-MON"));
        assertEquals("minute step 0 must be 1 or more", refusal("*/0 * * * *"));
    }

    @Test
    void aDailyJobRunsOnceWhenClocksGoBackAndAnHourlyOneEveryHour() {
        ZonedDateTime evening = ZonedDateTime.parse("2026-10-31T20:00:00-04:00[America/New_York]");
        // 2026-11-01: 01:00-01:59 happens twice, first at -04:00, then at -05:00
        assertEquals(List.of("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00"), fireTimes("30 1 * * *", evening, 2));
        assertEquals(
                List.of(
                        "2026-11-01T00:00-04:00",
                        "2026-11-01T01:00-04:00",
                        "2026-11-01T01:00-05:00",
                        "2026-11-01T02:00-05:00"),
                fireTimes("0 * * * *", evening.plusHours(3).plusMinutes(30), 4));
        assertEquals(
                List.of("2026-11-01T01:15-04:00", "2026-11-01T01:15-05:00", "2026-11-01T02:15-05:00"),
                fireTimes("15 1-2 * * *", evening, 3));
    }

    @Test
    void aTimeThatClocksSkipDoesNotRunThatDay() {
        ZonedDateTime evening = ZonedDateTime.parse("2026-03-07T20:00:00-05:00[America/New_York]");
        // 2026-03-08: 02:00-02:59 does not exist
        assertEquals(List.of("2026-03-09T02:30-04:00"), fireTimes("30 2 * * *", evening, 1));
        assertEquals(
                List.of("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00"),
                fireTimes("0 * * * *", evening.plusHours(4).plusMinutes(30), 2));
    }

    @Test
    void aHalfHourClockChangeEndsInBoundedTime() {
        // Lord Howe goes back half an hour at 02:00: an hour reckoned on the wall clock led back into the repeat
        ZonedDateTime repeated = ZonedDateTime.parse("2026-04-05T01:40:00+10:30[Australia/Lord_Howe]");
        List<String> times =
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> fireTimes("0 3 * * *", repeated, 2));
        assertEquals(List.of("2026-04-05T03:00+10:30", "2026-04-06T03:00+10:30"), times);
        assertEquals(
                List.of("2026-04-05T01:30+11:00", "2026-04-05T01:30+10:30", "2026-04-05T02:00+10:30"),
                fireTimes("*/30 * * * *", ZonedDateTime.parse("2026-04-05T01:20:00+11:00[Australia/Lord_Howe]"), 3));
    }

    private static void assertSameFireTimes(String expression, String same) {
        for (String start : List.of("2026-01-01T00:00:00", "2026-02-27T13:07:00", "2028-12-30T23:59:00")) {
            ZonedDateTime from = seoul(start);
            assertEquals(fireTimes(same, from, 30), fireTimes(expression, from, 30), expression + " from " + start);
        }
    }

    private static List<String> fireTimes(String expression, ZonedDateTime from, int count) {
        CronExpression cron = CronExpression.parse(expression);
        List<String> times = new ArrayList<>();
        ZonedDateTime at = from;
        for (int i = 0; i < count; i++) {
            at = cron.next(at);
            times.add(at.toOffsetDateTime().toString());
        }
        return times;
    }

    private static String refusal(String expression) {
        return assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(expression))
                .getMessage();
    }
}
