package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Results as CSV (RFC 4180: comma-separated, CRLF line ends, a field holding a comma, quote or line break is
 * quoted with its quotes doubled). One header row, then one row per result with the nested objects flattened:
 * {@code expected_*}, {@code fetched_*} and, for the comparison, {@code match_*}; then the failure's message and
 * kind, and the API paths of its evidence separated by spaces. Missing values are empty.
 *
 * <p>Text comes from sellers (product names) and callers ({@code expected}, ids), and a spreadsheet runs a cell that
 * starts with {@code = + - @}, tab or CR as a formula. Such a text cell is written as OWASP's "CSV Injection" page
 * advises: a single quote in front, then quoted. Numbers and booleans of the results are written as they are: a
 * JSON number (a sign, digits, point, exponent) is read as that number, never as a formula, so a negative price
 * stays a number. The JSON Lines download carries the same results untouched.
 */
public final class ResultsCsv {
    /** The fields a catalog may expect, which are also the compared ones. */
    static final List<String> EXPECTED_FIELDS =
            List.of("product_name", "thumbnail", "original_price", "discounted_price", "sale_status");
    /** The fields of a result's {@code fetched}. */
    static final List<String> FETCHED_FIELDS = List.of(
            "product_name",
            "brand",
            "thumbnail",
            "original_price",
            "discounted_price",
            "sale_status",
            "raw_status",
            "strategy",
            "scanned_at",
            "catalog_sale_status");

    private static final List<String> LEADING =
            List.of("url", "platform", "product_id", "product_set_id", "status", "match");
    private static final List<String> TRAILING = List.of("error", "failure_kind");
    private static final String EVIDENCE = "evidence";
    private static final String LINE_END = "\r\n";
    /** What a spreadsheet reads as the start of a formula, at a cell's start (OWASP's list). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private ResultsCsv() {}

    /** The header row's column names, in order. */
    public static List<String> columns() {
        List<String> columns = new ArrayList<>(LEADING);
        EXPECTED_FIELDS.forEach(field -> columns.add("expected_" + field));
        FETCHED_FIELDS.forEach(field -> columns.add("fetched_" + field));
        EXPECTED_FIELDS.forEach(field -> columns.add("match_" + field));
        columns.addAll(TRAILING);
        columns.add(EVIDENCE);
        return columns;
    }

    public static void writeHeader(Writer out) throws IOException {
        writeRow(out, columns().stream().map(ResultsCsv::quoted).toList());
    }

    public static void writeResult(Writer out, JsonNode result) throws IOException {
        List<String> row = new ArrayList<>();
        LEADING.forEach(field -> row.add(cell(result.path(field))));
        EXPECTED_FIELDS.forEach(field -> row.add(cell(result.path("expected").path(field))));
        FETCHED_FIELDS.forEach(field -> row.add(cell(result.path("fetched").path(field))));
        EXPECTED_FIELDS.forEach(field -> row.add(cell(result.path("comparison").path(field))));
        TRAILING.forEach(field -> row.add(cell(result.path(field))));
        List<String> evidence = new ArrayList<>();
        result.path(EVIDENCE).forEach(file -> evidence.add(file.path("url").asText()));
        row.add(textCell(String.join(" ", evidence)));
        writeRow(out, row);
    }

    /** Writes cells already quoted and neutralised. */
    private static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cells.get(i));
        }
        out.write(LINE_END);
    }

    /** One value of a result as its cell: empty when missing, numbers and booleans as they are, anything else text. */
    private static String cell(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isBoolean() || value.isNumber() && Double.isFinite(value.asDouble())) {
            return value.asText();
        }
        return textCell(value.isContainerNode() ? Json.write(value) : value.asText());
    }

    /** A text cell: quoted when it needs to be, and behind a single quote (then quoted) when it reads as a formula. */
    static String textCell(String text) {
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            return '"' + ("'" + text).replace("\"", "\"\"") + '"';
        }
        return quoted(text);
    }

    static String quoted(String field) {
        if (field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
