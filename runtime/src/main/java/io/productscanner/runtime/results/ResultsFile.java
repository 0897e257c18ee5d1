package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes one job's results file, JSON Lines in UTF-8: a header line ({@code "type": "header"}, the job), one
 * line per product result ({@code "type": "result"}), and a footer ({@code "type": "footer"}, the summary).
 * Lines go to a hidden temporary file beside the target, which {@link #finish} moves onto the final name in one
 * step: a reader sees no file or a whole one, and writing again (a resumed job) replaces the file whole.
 * Closing an unfinished file deletes what was written.
 */
public final class ResultsFile implements AutoCloseable {
    /** The field naming each line's kind, and its values. */
    public static final String TYPE = "type";

    public static final String HEADER = "header";
    public static final String RESULT = "result";
    public static final String FOOTER = "footer";

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final BufferedWriter writer;
    private boolean finished;

    private ResultsFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.writer =
                new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
    }

    /** Starts the results file of {@code job} at {@code target} (folders are created) and writes its header. */
    public static ResultsFile open(Path target, JobRecord job) throws IOException {
        Files.createDirectories(target.getParent());
        // not Files.createTempFile: its owner-only permissions would stay on the published file
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        ResultsFile file = new ResultsFile(
                target,
                temporary,
                FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        ObjectNode header = Json.MAPPER.createObjectNode();
        header.put(TYPE, HEADER);
        header.put("job_id", job.jobId());
        header.put("workflow_id", job.workflowId());
        header.put("platform", job.platform());
        header.put("started_at", job.startedAt());
        header.set("params", job.params());
        try {
            file.writeLine(header);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /** Appends one product result, a JSON object (a {@code ProductResult} as the results API shows it). */
    public void append(ObjectNode result) throws IOException {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put(TYPE, RESULT);
        line.setAll(result);
        writeLine(line);
    }

    /** Writes the footer and publishes the file under its final name; returns that name. */
    public Path finish(JsonNode summary) throws IOException {
        ObjectNode footer = Json.MAPPER.createObjectNode();
        footer.put(TYPE, FOOTER);
        footer.set("summary", summary);
        footer.put("completed_at", Json.timestamp(Instant.now()));
        writeLine(footer);
        writer.flush();
        // on disk before the rename, so a crash cannot leave a published but empty file
        channel.force(true);
        writer.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
        return target;
    }

    private void writeLine(JsonNode line) throws IOException {
        if (finished) {
            throw new IllegalStateException("results file " + target + " is already finished");
        }
        writer.write(Json.write(line));
        writer.write('\n');
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
