package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A job's results read back from its results file (see {@link ResultsFile}), once Redis no longer holds them. */
final class FileResults implements ResultsSource {
    private final Path file;
    private final JsonNode header;

    private FileResults(Path file, JsonNode header) {
        this.file = file;
        this.header = header;
    }

    static FileResults open(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            JsonNode header = first == null ? null : Json.read(first);
            if (header == null
                    || !ResultsFile.HEADER.equals(header.path(ResultsFile.TYPE).asText())) {
                throw new IllegalStateException("results file " + file + " does not start with a header line");
            }
            return new FileResults(file, header);
        }
    }

    /** The header line: job_id, workflow_id, platform, started_at, params. */
    JsonNode header() {
        return header;
    }

    @Override
    public long total() {
        try (Stream<JsonNode> results = all()) {
            return results.count();
        }
    }

    @Override
    public List<JsonNode> read(long offset, long limit) {
        try (Stream<JsonNode> results = all()) {
            return results.skip(offset).limit(limit).toList();
        }
    }

    @Override
    public Stream<JsonNode> all() {
        Stream<String> lines;
        try {
            lines = Files.lines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results file " + file, e);
        }
        return lines.filter(line -> !line.isBlank())
                .map(Json::read)
                .filter(line ->
                        ResultsFile.RESULT.equals(line.path(ResultsFile.TYPE).asText()))
                .map(FileResults::withoutType);
    }

    /** The result as the Redis list holds it, so both sources answer alike. */
    private static JsonNode withoutType(JsonNode line) {
        ((ObjectNode) line).remove(ResultsFile.TYPE);
        return line;
    }
}
