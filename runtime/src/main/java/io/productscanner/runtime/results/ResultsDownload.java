package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/** The formats a job's results download in ({@code ?format=}), each writing every result as it is read. */
public enum ResultsDownload {
    /** JSON Lines: one result per line, as the paged API shows it. */
    JSONL("jsonl", "application/x-ndjson") {
        @Override
        void writeHeader(Writer out) {}

        @Override
        void writeResult(Writer out, JsonNode result) throws IOException {
            out.write(Json.write(result));
            out.write('\n');
        }
    },
    /** CSV with a header row; see {@link ResultsCsv}. */
    CSV("csv", "text/csv; charset=utf-8") {
        @Override
        void writeHeader(Writer out) throws IOException {
            ResultsCsv.writeHeader(out);
        }

        @Override
        void writeResult(Writer out, JsonNode result) throws IOException {
            ResultsCsv.writeResult(out, result);
        }
    };

    private final String wireName;
    private final String contentType;

    ResultsDownload(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    /** The download named {@code format}, if there is one. */
    public static Optional<ResultsDownload> named(String format) {
        return Arrays.stream(values())
                .filter(download -> download.wireName.equals(format))
                .findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public String contentType() {
        return contentType;
    }

    /** The name a browser saves the download under. */
    public String fileName(String platform, String jobId) {
        return "job_" + platform + "_" + jobId + "." + wireName;
    }

    /** Writes every result of {@code source} to {@code out}, UTF-8, without closing {@code out}. */
    public void write(ResultsSource source, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writeHeader(writer);
        try (Stream<JsonNode> results = source.all()) {
            Iterator<JsonNode> each = results.iterator();
            while (each.hasNext()) {
                writeResult(writer, each.next());
            }
        }
        writer.flush();
    }

    abstract void writeHeader(Writer out) throws IOException;

    abstract void writeResult(Writer out, JsonNode result) throws IOException;
}
