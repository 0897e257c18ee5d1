package io.productscanner.runtime.results;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The results of a job still scanning, one compared product per line as each scan finishes, in
 * {@code job_{platform}_{id}.jsonl.partial} beside where the final file will be: people can follow a long scan
 * ({@code tail -f}) before {@code save_result} writes the final file, which then replaces this one.
 */
public final class LiveResults implements AutoCloseable {
    private final BufferedWriter out;

    private LiveResults(BufferedWriter out) {
        this.out = out;
    }

    /** Starts the live file for the job whose final results go to {@code finalFile}; an older one is replaced. */
    public static LiveResults open(Path finalFile) throws IOException {
        Path partial = partialOf(finalFile);
        Files.createDirectories(partial.getParent());
        return new LiveResults(Files.newBufferedWriter(
                partial,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE));
    }

    /** The live file that goes with a final results file. */
    public static Path partialOf(Path finalFile) {
        return finalFile.resolveSibling(finalFile.getFileName() + ".partial");
    }

    /** Appends one line and flushes it, so a reader sees each product as soon as it is scanned. */
    public synchronized void append(ObjectNode line) throws IOException {
        out.write(Json.write(line));
        out.newLine();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
