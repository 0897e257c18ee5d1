package io.productscanner.runtime.cli.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the operator commands print: the progress bar redrawn in place on a terminal and line by line elsewhere,
 * aligned tables, and {@code --param} values read as JSON when they are JSON. (The commands themselves run
 * against a real API in the end-to-end OperatorCliTest.)
 */
class OperatorOutputTest {
    @Test
    void onATerminalTheProgressLineIsRedrawnInPlaceAndEndedBeforeTheNextLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        terminal.progress(ProgressBar.render(0.25) + "  running (scan)");
        terminal.progress(ProgressBar.render(1.0) + "  completed");
        terminal.println("done");
        assertEquals(
                "\r[########----------------------]  25%  running (scan)"
                        + "\r[##############################] 100%  completed     " + System.lineSeparator()
                        + "done" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void elsewhereEveryProgressLineIsPrintedOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        terminal.progress(ProgressBar.render(0) + "  pending");
        terminal.progress(ProgressBar.render(0.5) + "  running");
        assertEquals(
                List.of(
                        "[------------------------------]   0%  pending",
                        "[###############---------------]  50%  running"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void tablesAlignTheirColumnsAndShowAbsentValuesAsADash() {
        List<String> lines = new TextTable("PLATFORM", "JOB_ID", "ELAPSED")
                .row("musinsa", "019a", "15m30s")
                .row("oliveyoung", null, "")
                .lines();
        assertEquals(
                List.of("PLATFORM    JOB_ID  ELAPSED", "musinsa     019a    15m30s", "oliveyoung  -       -"), lines);
        assertEquals("45s", Durations.human(45));
        assertEquals("15m30s", Durations.human(930));
        assertEquals("2h05m", Durations.human(7500));
    }

    @Test
    void paramValuesThatReadAsJsonAreSentAsJsonAndTheRestAsText() {
        assertEquals(50, SubmitCommand.paramValue("50").intValue());
        assertEquals(true, SubmitCommand.paramValue("true").booleanValue());
        assertEquals(
                "https://www.musinsa.com/products/1",
                SubmitCommand.paramValue("https://www.musinsa.com/products/1").textValue());
        assertEquals("123", SubmitCommand.paramValue("\"123\"").textValue());
        assertEquals("on_sale", SubmitCommand.paramValue("on_sale").textValue());
        assertEquals(
                2,
                SubmitCommand.paramValue("[{\"url\": \"a\"}, {\"url\": \"b\"}]").size());
        assertEquals("", SubmitCommand.paramValue("").textValue());
        assertEquals("2025-01-01", SubmitCommand.paramValue("2025-01-01").textValue());
        assertEquals("1 2", SubmitCommand.paramValue("1 2").textValue());
    }
}
