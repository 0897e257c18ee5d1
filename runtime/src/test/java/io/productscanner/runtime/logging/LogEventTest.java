package io.productscanner.runtime.logging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogEventTest {
    @Test
    void fieldsAreKeyValuePairsWithValuesQuotedOnlyWhenTheyNeedIt() {
        assertEquals("event=job.finished job_id=abc duration_ms=1234 error=\"IllegalState: a \\\"b\\\" = c\"",
                LogEvent.format("job.finished", "job_id", "abc", "duration_ms", 1234, "missing", null,
                        "error", "IllegalState: a \"b\" = c"));
        assertEquals("event=x empty=\"\" line=\"a\\nb\"", LogEvent.format("x", "empty", "", "line", "a\nb"));
    }
}
