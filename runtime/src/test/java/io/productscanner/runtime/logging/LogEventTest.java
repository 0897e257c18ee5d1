package io.productscanner.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogEventTest {
    @Test
    void fieldsAreKeyValuePairsWithValuesQuotedOnlyWhenTheyNeedIt() {
        assertEquals(
                "event=job.finished job_id=abc duration_ms=1234 error=\"IllegalState: a \\\"b\\\" = c\"",
                LogEvent.format(
                        "job.finished",
                        "job_id",
                        "abc",
                        "duration_ms",
                        1234,
                        "missing",
                        null,
                        "error",
                        "IllegalState: a \"b\" = c"));
        assertEquals("event=x empty=\"\" line=\"a\\nb\"", LogEvent.format("x", "empty", "", "line", "a\nb"));
    }

    @Test
    void everyControlCharacterInAValueIsEscapedInsideItsQuotes() {
        assertEquals(
                "event=x url=\"a\\rb\\u001b[31m\\tc\\u007f\\u009b\\u2028\\u2029\"",
                LogEvent.format("x", "url", "a\rb\u001b[31m\tc\u007f\u009b\u2028\u2029"));
        assertEquals(
                "event=x path=\"C:\\\\data\\n\"",
                LogEvent.format("x", "path", "C:\\data\n"),
                "a backslash of the value is doubled, so an escape in the line is always one the log wrote");
    }
}
