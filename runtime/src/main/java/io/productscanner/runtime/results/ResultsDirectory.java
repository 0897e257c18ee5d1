package io.productscanner.runtime.results;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The folder of results files ({@code RESULTS_DIR}): {@code {root}/{YYYY-MM-DD}/job_{platform}_{job_id}.jsonl},
 * one sub-folder per UTC day on which a job started.
 */
public final class ResultsDirectory {
    private final Path root;

    public ResultsDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the results of a job that started at {@code started} belong. */
    public Path fileFor(String platform, String jobId, Instant started) {
        if (platform.contains("/") || platform.contains("\\") || jobId.contains("/") || jobId.contains("\\")) {
            throw new IllegalArgumentException("platform and job id must not hold path separators: " + platform
                    + ", " + jobId);
        }
        LocalDate day = LocalDate.ofInstant(started, ZoneOffset.UTC);
        return root.resolve(day.toString()).resolve("job_" + platform + "_" + jobId + ".jsonl");
    }

    /** The job's results file in any day's folder; the latest day's when several exist. */
    public Optional<Path> find(String jobId) throws IOException {
        return filesOf(jobId).stream().max(Comparator.comparing(file -> file.getParent().getFileName().toString()));
    }

    /**
     * Deletes the job's results files other than {@code keep}: a resumed job starts again on a later day, and
     * its earlier attempt's file must not list the same products a second time.
     */
    public List<Path> removeOthers(String jobId, Path keep) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path file : filesOf(jobId)) {
            if (!file.equals(keep.toAbsolutePath().normalize()) && Files.deleteIfExists(file)) {
                removed.add(file);
            }
        }
        return removed;
    }

    /** Whether {@code file} lies inside this folder: the API serves no file from anywhere else. */
    public boolean holds(Path file) {
        return file.toAbsolutePath().normalize().startsWith(root);
    }

    private List<Path> filesOf(String jobId) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (DirectoryStream<Path> days = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path day : days) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(day, "job_*_" + jobId + ".jsonl")) {
                    matches.forEach(files::add);
                }
            }
        }
        return files;
    }
}
