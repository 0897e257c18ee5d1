package io.productscanner.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.version.ProductVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Log lines as an operator or a log shipper reads them: one per event, with service, platform and job id. */
class StructuredLogFormatterTest {
    private static final System.Logger LOG = System.getLogger("io.productscanner.runtime.worker.PlatformWorker");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ");
    /** A value a caller or a site chose, carrying CR, LF, a terminal colour, DEL, a C1 control and U+2028. */
    private static final String HOSTILE_URL = "https://www.musinsa.com/products/1\r\u001b[31mRED\u007f\u0085\u2028";

    private static final String FORGED =
            "2026-11-29T08:00:00.123Z INFO service=api ApiServer event=job.finished status=completed";

    @Test
    void jsonLinesAreEcsObjectsWithTheEventFieldsTyped() throws Exception {
        List<String> lines = logThrough(StructuredLogFormatter.Format.JSON, () -> {
            LogEvent.info(
                    LOG,
                    "job.finished",
                    "job_id",
                    "019ad0c1-aaaa",
                    "platform",
                    "musinsa",
                    "status",
                    "completed",
                    "duration_ms",
                    1234L,
                    "products",
                    3,
                    "ratio",
                    0.5,
                    "retried",
                    false,
                    "skipped",
                    null,
                    "error",
                    "a \"quoted\" = value\nsecond line",
                    "url",
                    "https://www.musinsa.com/products/1");
            System.getLogger("io.netty.Bootstrap").log(System.Logger.Level.ERROR, "a library's own message");
        });
        assertEquals(2, lines.size(), "one line per event: " + lines);

        JsonNode finished = Json.MAPPER.readTree(lines.get(0));
        assertEquals("INFO", finished.path("log.level").asText());
        assertEquals(
                StructuredLogFormatter.ECS_VERSION, finished.path("ecs.version").asText());
        assertEquals("worker-musinsa", finished.path("service.name").asText());
        assertEquals(
                ProductVersion.current().version(),
                finished.path("service.version").asText());
        assertEquals(
                "io.productscanner.runtime.worker.PlatformWorker",
                finished.path("log.logger").asText());
        assertEquals(
                Thread.currentThread().getName(),
                finished.path("process.thread.name").asText());
        assertEquals("job.finished", finished.path("event.action").asText());
        Instant at = Instant.parse(finished.path("@timestamp").asText());
        assertTrue(at.isAfter(Instant.now().minusSeconds(60)), finished.toString());
        assertTrue(
                finished.path("@timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                "ISO-8601 UTC with milliseconds: " + finished);
        assertTrue(
                finished.path("message").asText().startsWith("event=job.finished job_id=019ad0c1-aaaa"),
                finished.toString());
        assertEquals("019ad0c1-aaaa", finished.path("job_id").asText());
        assertEquals("musinsa", finished.path("platform").asText());
        assertEquals("completed", finished.path("status").asText());
        assertTrue(finished.path("duration_ms").isIntegralNumber(), "a duration is a number: " + finished);
        assertEquals(1234L, finished.path("duration_ms").asLong());
        assertTrue(finished.path("products").isInt(), finished.toString());
        assertTrue(finished.path("ratio").isDouble(), finished.toString());
        assertTrue(finished.path("retried").isBoolean(), finished.toString());
        assertFalse(finished.has("skipped"), "a null field is left out: " + finished);
        assertFalse(finished.has("trace.id") || finished.has("span.id"), "no span without tracing: " + finished);
        assertFalse(finished.has("error") || finished.has("url"), "ECS names are ECS's: " + finished);
        assertEquals(
                "a \"quoted\" = value\nsecond line",
                finished.path("scanner.error").asText());
        assertEquals(
                "https://www.musinsa.com/products/1",
                finished.path("scanner.url").asText());

        JsonNode library = Json.MAPPER.readTree(lines.get(1));
        assertEquals("ERROR", library.path("log.level").asText());
        assertEquals("a library's own message", library.path("message").asText());
        assertEquals("io.netty.Bootstrap", library.path("log.logger").asText());
        assertEquals("worker-musinsa", library.path("service.name").asText());
        assertTrue(library.has("process.thread.name") && library.has("@timestamp"), library.toString());
        assertFalse(library.has("event.action"), library.toString());
    }

    @Test
    void jsonLinesCarryTheExceptionAsErrorFields() throws Exception {
        IllegalStateException failure =
                new IllegalStateException("stuck on page 3", new IOException("connection reset"));
        List<String> lines = logThrough(
                StructuredLogFormatter.Format.JSON,
                () -> LogEvent.warn(LOG, "worker.stalled", "platform", "kurly", failure));
        assertEquals(1, lines.size(), "the stack trace inside the line: " + lines);
        JsonNode stalled = Json.MAPPER.readTree(lines.getFirst());
        assertEquals("WARN", stalled.path("log.level").asText());
        assertEquals("kurly", stalled.path("platform").asText());
        assertFalse(stalled.has("job_id"), "no job: no key: " + stalled);
        assertEquals(
                "java.lang.IllegalStateException", stalled.path("error.type").asText());
        assertEquals("stuck on page 3", stalled.path("error.message").asText());
        String trace = stalled.path("error.stack_trace").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: stuck on page 3\n\tat "), trace);
        assertTrue(trace.contains("\nCaused by: java.io.IOException: connection reset"), trace);
        assertTrue(trace.contains("StructuredLogFormatterTest"), "the frames are there: " + trace);
    }

    @Test
    void linesLoggedInsideASpanCarryItsTraceAndSpanIds() throws Exception {
        SpanContext span = SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7",
                TraceFlags.getSampled(),
                TraceState.getDefault());
        Runnable logging = () -> {
            try (Scope ignored = Context.root().with(Span.wrap(span)).makeCurrent()) {
                LogEvent.info(LOG, "job.started", "job_id", "019ad0c1-dddd", "platform", "musinsa");
                System.getLogger("io.lettuce.core.RedisClient").log(System.Logger.Level.INFO, "connected");
            }
        };
        for (String line : logThrough(StructuredLogFormatter.Format.JSON, logging)) {
            JsonNode event = Json.MAPPER.readTree(line);
            assertEquals(span.getTraceId(), event.path("trace.id").asText(), line);
            assertEquals(span.getSpanId(), event.path("span.id").asText(), line);
        }
        List<String> text = logThrough(StructuredLogFormatter.Format.TEXT, logging);
        assertEquals(2, text.size(), text.toString());
        for (String line : text) {
            assertTrue(line.endsWith(" trace_id=" + span.getTraceId()), line);
        }
        List<String> outside =
                logThrough(StructuredLogFormatter.Format.TEXT, () -> LogEvent.info(LOG, "job.started", "job_id", "x"));
        assertFalse(outside.getFirst().contains("trace_id="), outside.toString());
    }

    @Test
    void textLinesStartWithTimeLevelAndServiceThenTheEvent() throws Exception {
        List<String> lines = logThrough(
                StructuredLogFormatter.Format.TEXT,
                () -> LogEvent.info(LOG, "job.started", "job_id", "019ad0c1-bbbb", "platform", "musinsa"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.getFirst()
                        .matches(
                                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO "
                                        + "service=worker-musinsa PlatformWorker event=job.started job_id=019ad0c1-bbbb platform=musinsa"),
                lines.getFirst());
    }

    @Test
    void textLinesEscapeEveryControlCharacterSoNoValueStartsALineOfItsOwn() {
        String all = written(StructuredLogFormatter.Format.TEXT, this::logHostileEvents);
        assertNoControlCharactersButLineStructure(all);
        List<String> lines = List.of(all.split("\n"));
        List<String> starts =
                lines.stream().filter(line -> TIME.matcher(line).lookingAt()).toList();
        assertEquals(3, starts.size(), "one line starts each event, none starts where a value says: " + lines);
        for (String line : lines) {
            assertTrue(
                    TIME.matcher(line).lookingAt() || line.startsWith("\t"),
                    "a line is an event's first or a continuation of its stack trace, indented: " + line);
        }
        assertTrue(
                starts.get(0)
                        .contains("url=\"https://www.musinsa.com/products/1\\r\\u001b[31mRED\\u007f"
                                + "\\u0085\\u2028\""),
                starts.get(0));
        assertTrue(starts.get(0).contains("catalog_file=\"/data/a.csv\\n" + FORGED + "\""), starts.get(0));
        assertTrue(lines.contains("\tjava.lang.IllegalStateException: boom\\n" + FORGED), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("\t\tat ")), "frames keep their lines: " + lines);
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.startsWith("\tCaused by: java.io.IOException: refused\\r\\u001b[2J")),
                lines.toString());
        assertTrue(starts.get(2).endsWith("NettyBootstrap a library's raw\\r\\n" + FORGED), starts.get(2));
    }

    @Test
    void jsonLinesAreValidJsonWithEveryControlCharacterEscapedAndTheValuesIntact() throws Exception {
        String all = written(StructuredLogFormatter.Format.JSON, this::logHostileEvents);
        assertNoControlCharactersButLineStructure(all);
        List<String> lines = List.of(all.split("\n"));
        assertEquals(3, lines.size(), lines.toString());
        JsonNode scan = Json.MAPPER.readTree(lines.get(0));
        assertEquals(HOSTILE_URL, scan.path("scanner.url").asText(), "escaped on the wire, the same value once parsed");
        assertEquals("/data/a.csv\n" + FORGED, scan.path("catalog_file").asText());
        JsonNode failed = Json.MAPPER.readTree(lines.get(1));
        assertTrue(
                failed.path("error.stack_trace").asText().contains("boom\\n" + FORGED),
                "one line per frame, the message escaped inside its own: " + failed);
        JsonNode library = Json.MAPPER.readTree(lines.get(2));
        assertEquals("a library's raw\r\n" + FORGED, library.path("message").asText());
    }

    private void logHostileEvents() {
        LogEvent.warn(
                LOG,
                "scan.failed",
                "job_id",
                "019ad0c1-cccc",
                "platform",
                "musinsa",
                "url",
                HOSTILE_URL,
                "catalog_file",
                "/data/a.csv\n" + FORGED);
        LogEvent.error(
                LOG,
                "job.error",
                "job_id",
                "019ad0c1-cccc",
                "platform",
                "musinsa",
                new IllegalStateException("boom\n" + FORGED, new IOException("refused\r\u001b[2J")));
        System.getLogger("io.netty.NettyBootstrap").log(System.Logger.Level.WARNING, "a library's raw\r\n" + FORGED);
    }

    /** Only LF ends a line, and a tab appears only as the indent of a continuation line. */
    private static void assertNoControlCharactersButLineStructure(String text) {
        for (String line : text.split("\n", -1)) {
            String body = line.replaceFirst("^\t+", "");
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                assertFalse(
                        c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029,
                        "raw control U+%04X at %d in: %s".formatted((int) c, i, line));
            }
        }
    }

    @Test
    void parseReadsBackWhatFormatWrote() {
        String line = LogEvent.format(
                "x",
                "a",
                "plain",
                "b",
                "with space",
                "c",
                "q\"uote\\d",
                "d",
                "",
                "e",
                "1\n2",
                "f",
                "\r\u001b[31m\t\u007f\u0085\u2028\\u0041");
        assertEquals(
                Map.of(
                        "event",
                        "x",
                        "a",
                        "plain",
                        "b",
                        "with space",
                        "c",
                        "q\"uote\\d",
                        "d",
                        "",
                        "e",
                        "1\n2",
                        "f",
                        "\r\u001b[31m\t\u007f\u0085\u2028\\u0041"),
                LogEvent.parse(line));
        assertTrue(LogEvent.parse("Started all channels in 12 ms").isEmpty());
    }

    private static List<String> logThrough(StructuredLogFormatter.Format format, Runnable logging) {
        return written(format, logging).lines().toList();
    }

    /** What the root logger's handler wrote, as it wrote it. */
    private static String written(StructuredLogFormatter.Format format, Runnable logging) {
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
        return out.toString(StandardCharsets.UTF_8);
    }
}
