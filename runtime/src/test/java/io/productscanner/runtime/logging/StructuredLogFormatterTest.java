package io.productscanner.runtime.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log lines as an operator or a log shipper reads them: one per event, with service, platform and job id. */
class StructuredLogFormatterTest {
    private static final System.Logger LOG = System.getLogger("io.productscanner.runtime.worker.PlatformWorker");

    @Test
    void jsonLinesCarryTimeLevelServicePlatformJobIdAndTheEventFields() throws Exception {
        List<String> lines = logThrough(StructuredLogFormatter.Format.JSON, () -> {
            LogEvent.info(LOG, "job.finished", "job_id", "019ad0c1-aaaa", "platform", "musinsa", "status",
                    "completed", "error", "a \"quoted\" = value\nsecond line");
            LogEvent.warn(LOG, "worker.stalled", "platform", "kurly", new IllegalStateException("stuck"));
            System.getLogger("io.netty.Bootstrap").log(System.Logger.Level.ERROR, "a library's own message");
        });
        assertEquals(3, lines.size(), "one line per event, stack traces inside the line: " + lines);

        JsonNode finished = Json.MAPPER.readTree(lines.get(0));
        assertEquals("INFO", finished.path("level").asText());
        assertEquals("worker-musinsa", finished.path("service").asText());
        assertEquals("musinsa", finished.path("platform").asText());
        assertEquals("019ad0c1-aaaa", finished.path("job_id").asText());
        assertEquals("job.finished", finished.path("event").asText());
        assertEquals("completed", finished.path("status").asText());
        assertEquals("a \"quoted\" = value\nsecond line", finished.path("error").asText());
        assertTrue(Instant.parse(finished.path("time").asText()).isAfter(Instant.now().minusSeconds(60)));
        assertTrue(finished.path("message").asText().startsWith("event=job.finished job_id=019ad0c1-aaaa"),
                finished.toString());

        JsonNode stalled = Json.MAPPER.readTree(lines.get(1));
        assertEquals("WARN", stalled.path("level").asText());
        assertTrue(stalled.path("job_id").isNull(), "no job: null, the key still there");
        assertTrue(stalled.path("exception").asText().contains("IllegalStateException: stuck"), stalled.toString());

        JsonNode library = Json.MAPPER.readTree(lines.get(2));
        assertEquals("ERROR", library.path("level").asText());
        assertEquals("a library's own message", library.path("message").asText());
        assertTrue(library.path("event").isNull());
    }

    @Test
    void textLinesStartWithTimeLevelAndServiceThenTheEvent() throws Exception {
        List<String> lines = logThrough(StructuredLogFormatter.Format.TEXT, () -> LogEvent.info(LOG, "job.started",
                "job_id", "019ad0c1-bbbb", "platform", "musinsa"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO "
                + "service=worker-musinsa PlatformWorker event=job.started job_id=019ad0c1-bbbb platform=musinsa"),
                lines.getFirst());
    }

    @Test
    void parseReadsBackWhatFormatWrote() {
        String line = LogEvent.format("x", "a", "plain", "b", "with space", "c", "q\"uote\\d", "d", "", "e", "1\n2");
        assertEquals(java.util.Map.of("event", "x", "a", "plain", "b", "with space", "c", "q\"uote\\d", "d", "",
                "e", "1\n2"), LogEvent.parse(line));
        assertTrue(LogEvent.parse("Started all channels in 12 ms").isEmpty());
    }

    private static List<String> logThrough(StructuredLogFormatter.Format format, Runnable logging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(out, new StructuredLogFormatter(format, "worker-musinsa"));
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            logging.run();
        } finally {
            handler.flush();
            root.removeHandler(handler);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
