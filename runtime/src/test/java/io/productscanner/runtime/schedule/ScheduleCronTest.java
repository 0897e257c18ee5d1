package io.productscanner.runtime.schedule;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("2026-03-01T15:30Z", last.toInstant().atZone(ZoneId.of("Z")).toLocalDateTime() + "Z");
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
                .getMessage().startsWith("minute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * * 13 *"))
                .getMessage().startsWith("month"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("* * *"));
        assertThrows(IllegalArgumentException.class, () -> CronExpression.parse("0 0 31 2 *").next(seoul(
                "2026-01-01T00:00:00")));
    }
}
