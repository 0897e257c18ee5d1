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
import java.util.regex.Pattern;

/**
 * The folder of results files ({@code RESULTS_DIR}): {@code {root}/{YYYY-MM-DD}/job_{platform}_{job_id}.jsonl},
 * one sub-folder per UTC day on which a job started, and beside each file the folder of the evidence its parse
 * failures kept, {@code job_{platform}_{job_id}.evidence/}.
 */
public final class ResultsDirectory {
    private static final String EVIDENCE_SUFFIX = ".evidence";
    /** A kept evidence file: the product's index, then the plugin's name for the piece. */
    private static final Pattern EVIDENCE_FILE = Pattern.compile("\\d{6}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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
            throw new IllegalArgumentException(
                    "platform and job id must not hold path separators: " + platform + ", " + jobId);
        }
        LocalDate day = LocalDate.ofInstant(started, ZoneOffset.UTC);
        return root.resolve(day.toString()).resolve("job_" + platform + "_" + jobId + ".jsonl");
    }

    /** Where the evidence of a job that started at {@code started} belongs. */
    public Path evidenceFolderFor(String platform, String jobId, Instant started) {
        Path results = fileFor(platform, jobId, started);
        String name = results.getFileName().toString();
        return results.resolveSibling(name.substring(0, name.length() - ".jsonl".length()) + EVIDENCE_SUFFIX);
    }

    /**
     * One kept evidence file of the job, in any day's folder; empty for a name that is not an evidence file's (no
     * separators, no {@code ..}) or a file that is gone.
     */
    public Optional<Path> findEvidence(String jobId, String file) throws IOException {
        if (!EVIDENCE_FILE.matcher(file).matches() || jobId.contains("/") || jobId.contains("\\")) {
            return Optional.empty();
        }
        return inDayFolders("job_*_" + jobId + EVIDENCE_SUFFIX).stream()
                .map(folder -> folder.resolve(file))
                .filter(candidate -> holds(candidate) && Files.isRegularFile(candidate))
                .findFirst();
    }

    /** The job's results file in any day's folder; the latest day's when several exist. */
    public Optional<Path> find(String jobId) throws IOException {
        return filesOf(jobId).stream()
                .max(Comparator.comparing(file -> file.getParent().getFileName().toString()));
    }

    /**
     * Deletes the job's results files other than {@code keep}: a resumed job starts again on a later day, and
     * its earlier attempt's file must not list the same products a second time, nor its live file stay behind.
     */
    public List<Path> removeOthers(String jobId, Path keep) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path file : inDayFolders("job_*_" + jobId + ".{jsonl,jsonl.partial}")) {
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
        return inDayFolders("job_*_" + jobId + ".jsonl");
    }

    /** What every day's folder holds under the name pattern {@code glob}. */
    private List<Path> inDayFolders(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> days = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path day : days) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(day, glob)) {
                    matches.forEach(found::add);
                }
            }
        }
        return found;
    }
}
