package io.productscanner.runtime.cli.operator;

import io.productscanner.runtime.logging.ControlCharacters;
import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns separated by two spaces, the header in capitals; an absent value prints as {@code -}. Values
 * come from callers and sites (an error, a url), so their control characters are escaped: a row stays one line and
 * no terminal escape reaches the operator's terminal.
 */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... values) {
        if (values.length != headers.size()) {
            throw new IllegalArgumentException(values.length + " values for " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            String text = value == null ? "" : ControlCharacters.escape(String.valueOf(value));
            row.add(text.isEmpty() || text.equals("null") ? "-" : text);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    List<String> lines() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths));
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
            }
        }
        return line.toString();
    }

    void printTo(Terminal terminal) {
        lines().forEach(terminal::println);
    }
}
