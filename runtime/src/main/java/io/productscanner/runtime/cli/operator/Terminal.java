package io.productscanner.runtime.cli.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.io.Console;
import java.io.PrintStream;

/**
 * Where the operator commands print. On a terminal a progress line is redrawn in place; anywhere else (a pipe, a
 * file, CI) every line is printed once, so logs and scripts see plain text.
 */
public final class Terminal {
    private final PrintStream out;
    private final boolean interactive;
    private int redrawnWidth;

    Terminal(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Whether standard output is a terminal. */
    public static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Java 22+ hands out a console even when output is redirected and says so with isTerminal()
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only on a terminal
        }
    }

    boolean interactive() {
        return interactive;
    }

    void println(String line) {
        endProgress();
        out.println(line);
    }

    void json(JsonNode data) {
        endProgress();
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the API's answer as JSON", e);
        }
    }

    /** A progress line: redrawn in place on a terminal, else printed as a line of its own. */
    void progress(String line) {
        if (!interactive) {
            out.println(line);
            return;
        }
        out.print("\r" + line + " ".repeat(Math.max(0, redrawnWidth - line.length())));
        out.flush();
        redrawnWidth = line.length();
    }

    private void endProgress() {
        if (redrawnWidth > 0) {
            out.println();
            redrawnWidth = 0;
        }
    }

    PrintStream stream() {
        endProgress();
        return out;
    }
}
