package io.productscanner.runtime.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The catalog as a JSONL file (UTF-8): one JSON object per line, keyed by the standard column names
 * ({@code product_set_id}, {@code link_url}, ...). Absent keys and nulls are null; other keys are ignored; blank
 * lines are skipped. Rows come in file order and are read one line at a time.
 */
public final class JsonlCatalog implements CatalogSource {
    private static final System.Logger LOG = System.getLogger(JsonlCatalog.class.getName());
    /** One object per line: trailing content after it is an error, not silently dropped. */
    private static final ObjectReader LINE_READER =
            Json.MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    /** How messages and logs name the file. */
    private final String name;

    public JsonlCatalog(Path file) {
        this(file, file.toString());
    }

    /** @param name how messages and logs name the file, e.g. its name in the catalog directory */
    JsonlCatalog(Path file, String name) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String describe() {
        return "file " + name;
    }

    @Override
    public void read(CatalogFilter filter, Consumer<CatalogRow> each) {
        Predicate<CatalogRow> matches = filter.asPredicate();
        int remaining = filter.limit() == null ? Integer.MAX_VALUE : filter.limit();
        long rows = 0;
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while (remaining > 0 && (line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                CatalogRow row = row(line, lineNumber);
                if (matches.test(row)) {
                    each.accept(row);
                    rows++;
                    remaining--;
                }
            }
        } catch (IOException e) {
            // no line number: the reader decodes ahead, so the failing line is not the one being parsed
            throw new CatalogException("cannot read catalog file " + name + ": " + FileErrors.describe(e), e);
        }
        LogEvent.info(LOG, "catalog.read", "source", "jsonl", "file", name, "rows", rows);
    }

    private CatalogRow row(String line, int lineNumber) {
        JsonNode json;
        try {
            json = LINE_READER.readValue(line);
        } catch (JsonProcessingException e) {
            throw new CatalogException(
                    "catalog file " + name + " line " + lineNumber + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!json.isObject()) {
            throw new CatalogException("catalog file " + name + " line " + lineNumber + ": expected a JSON object, got "
                    + json.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        try {
            return TextRows.parse(column -> text(json, column));
        } catch (IllegalArgumentException e) {
            throw new CatalogException("catalog file " + name + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode json, CatalogColumn column) {
        JsonNode value = json.path(column.standardName());
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new IllegalArgumentException(column.standardName() + " must be a string, number or boolean, got "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }
}
