package io.productscanner.runtime.catalog;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180) one at a time: fields separated by commas, records by CRLF, LF or CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}). A quote inside an
 * unquoted field, or text after a closing quote, is an error rather than a guess.
 */
final class CsvRecords {
    private static final int END = -1;
    private static final int NOTHING_PUSHED_BACK = -2;

    private final Reader in;
    private int pushedBack = NOTHING_PUSHED_BACK;
    private int line = 1;
    private int recordLine;

    /** @param in read character by character, so give a buffered reader */
    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The physical line the last record returned by {@link #next()} started on, 1-based. */
    int recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or null at the end of input.
     *
     * @throws IllegalArgumentException for malformed quoting, naming the line
     */
    List<String> next() throws IOException {
        int c = read();
        if (c == END) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"') {
                c = readQuoted(field);
            } else {
                while (c != ',' && c != '\r' && c != '\n' && c != END) {
                    if (c == '"') {
                        throw new IllegalArgumentException("line " + line + ": a quote inside an unquoted field "
                                + "(quote the whole field and double the quote)");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                int following = read();
                if (following != '\n') {
                    pushedBack = following;
                }
            }
            if (c != END) {
                line++;
            }
            return fields;
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == END) {
                throw new IllegalArgumentException("line " + startLine + ": a quoted field is never closed");
            }
            if (c == '"') {
                int following = read();
                if (following != '"') {
                    if (following != ',' && following != '\r' && following != '\n' && following != END) {
                        throw new IllegalArgumentException("line " + line + ": text after a closing quote "
                                + "(double a quote that belongs to the field)");
                    }
                    return following;
                }
            } else if (c == '\n' || c == '\r' && peekIsNotLineFeed()) {
                line++;
            }
            field.append((char) c);
        }
    }

    /** A lone CR ends a line; in CRLF only the LF is counted. */
    private boolean peekIsNotLineFeed() throws IOException {
        int following = read();
        pushedBack = following;
        return following != '\n';
    }

    private int read() throws IOException {
        if (pushedBack != NOTHING_PUSHED_BACK) {
            int c = pushedBack;
            pushedBack = NOTHING_PUSHED_BACK;
            return c;
        }
        return in.read();
    }
}
