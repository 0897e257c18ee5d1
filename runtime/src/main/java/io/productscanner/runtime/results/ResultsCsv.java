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
 */
public final class ResultsCsv {
    /** The fields a catalog may expect, which are also the compared ones. */
    static final List<String> EXPECTED_FIELDS = List.of("product_name", "thumbnail", "original_price",
            "discounted_price", "sale_status");
    /** The fields of a result's {@code fetched}. */
    static final List<String> FETCHED_FIELDS = List.of("product_name", "brand", "thumbnail", "original_price",
            "discounted_price", "sale_status", "raw_status", "strategy", "scanned_at", "catalog_sale_status");
    private static final List<String> LEADING = List.of("url", "platform", "product_id", "product_set_id", "status",
            "match");
    private static final List<String> TRAILING = List.of("error", "failure_kind");
    private static final String EVIDENCE = "evidence";
    private static final String LINE_END = "\r\n";

    private ResultsCsv() {
    }

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
        writeRow(out, columns());
    }

    public static void writeResult(Writer out, JsonNode result) throws IOException {
        List<String> row = new ArrayList<>();
        LEADING.forEach(field -> row.add(text(result.path(field))));
        EXPECTED_FIELDS.forEach(field -> row.add(text(result.path("expected").path(field))));
        FETCHED_FIELDS.forEach(field -> row.add(text(result.path("fetched").path(field))));
        EXPECTED_FIELDS.forEach(field -> row.add(text(result.path("comparison").path(field))));
        TRAILING.forEach(field -> row.add(text(result.path(field))));
        List<String> evidence = new ArrayList<>();
        result.path(EVIDENCE).forEach(file -> evidence.add(file.path("url").asText()));
        row.add(String.join(" ", evidence));
        writeRow(out, row);
    }

    private static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quoted(fields.get(i)));
        }
        out.write(LINE_END);
    }

    static String quoted(String field) {
        if (field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isContainerNode() ? Json.write(value) : value.asText();
    }
}
