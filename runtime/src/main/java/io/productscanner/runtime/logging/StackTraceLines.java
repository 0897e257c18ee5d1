package io.productscanner.runtime.logging;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwable's stack trace as the JDK prints it, one entry per printed line, each with its control characters
 * escaped: the trace keeps its own lines (header, frames, causes, each line's leading tabs), while a message holding
 * a line break or a terminal escape stays inside the line that prints it.
 */
final class StackTraceLines {
    private StackTraceLines() {}

    static List<String> of(Throwable thrown) {
        LineCollector out = new LineCollector();
        thrown.printStackTrace(out);
        out.endLine();
        return out.lines;
    }

    /** Gathers what is printed between two {@code println()} calls: Throwable prints each line with one. */
    private static final class LineCollector extends PrintWriter {
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();

        LineCollector() {
            super(Writer.nullWriter());
        }

        @Override
        public void write(int c) {
            current.append((char) c);
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            current.append(buffer, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            current.append(text, offset, offset + length);
        }

        @Override
        public void println() {
            lines.add(escapedKeepingIndent(current.toString()));
            current.setLength(0);
        }

        void endLine() {
            if (!current.isEmpty()) {
                println();
            }
        }

        /** The trace's own indent (tabs before a frame or a cause) stays; everything after it is escaped. */
        private static String escapedKeepingIndent(String line) {
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == '\t') {
                indent++;
            }
            return line.substring(0, indent) + ControlCharacters.escape(line.substring(indent));
        }
    }
}
