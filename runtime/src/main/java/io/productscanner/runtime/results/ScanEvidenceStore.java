package io.productscanner.runtime.results;

import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.product.EvidenceFile;
import io.productscanner.spi.ScanEvidence;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps what a site sent for products whose scan failed to parse, beside the job's results file: {@code
 * {RESULTS_DIR}/{day}/job_{platform}_{job_id}.evidence/{index}-{name}}, one file per piece, so whoever fixes a
 * reader sees the page. Bounded: a piece is cut (text) or left out (images) past {@code maxBytes}, and at most
 * {@code maxProducts} products of a job keep evidence; the rest are logged. Writing never fails a scan.
 */
public final class ScanEvidenceStore {
    private static final System.Logger LOG = System.getLogger(ScanEvidenceStore.class.getName());

    private final ResultsDirectory directory;
    private final long maxBytes;
    private final int maxProducts;

    public ScanEvidenceStore(ResultsDirectory directory, long maxBytes, int maxProducts) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.maxProducts = maxProducts;
    }

    /**
     * Writes the evidence of the job's product at {@code index}; returns what was kept, empty when the job's
     * allowance is spent or nothing could be written.
     */
    public synchronized List<EvidenceFile> keep(
            String platform, String jobId, Instant started, int index, List<ScanEvidence> evidence) {
        if (evidence.isEmpty()) {
            return List.of();
        }
        Path folder = directory.evidenceFolderFor(platform, jobId, started);
        String prefix = String.format(Locale.ROOT, "%06d-", index);
        try {
            Set<String> products = productsIn(folder);
            if (!products.contains(prefix) && products.size() >= maxProducts) {
                LogEvent.info(
                        LOG,
                        "evidence.limit_reached",
                        "job_id",
                        jobId,
                        "platform",
                        platform,
                        "index",
                        index,
                        "max_products",
                        maxProducts);
                return List.of();
            }
            Files.createDirectories(folder);
            List<EvidenceFile> kept = new ArrayList<>();
            for (ScanEvidence item : evidence) {
                boolean text = isText(item.mediaType());
                if (item.content().length > maxBytes && !text) {
                    LogEvent.info(
                            LOG,
                            "evidence.too_large",
                            "job_id",
                            jobId,
                            "platform",
                            platform,
                            "index",
                            index,
                            "name",
                            item.name(),
                            "bytes",
                            item.content().length,
                            "max_bytes",
                            maxBytes);
                    continue;
                }
                byte[] content = item.content().length > maxBytes
                        ? Arrays.copyOf(item.content(), (int) maxBytes)
                        : item.content();
                String file = prefix + item.name();
                Files.write(folder.resolve(file), content);
                kept.add(new EvidenceFile(
                        item.name(),
                        item.mediaType(),
                        content.length,
                        content.length < item.content().length,
                        item.source(),
                        "/api/v2/jobs/" + jobId + "/evidence/" + file));
            }
            return kept;
        } catch (IOException | RuntimeException e) {
            LogEvent.warn(
                    LOG,
                    "evidence.write_failed",
                    "job_id",
                    jobId,
                    "platform",
                    platform,
                    "index",
                    index,
                    "error",
                    e.toString());
            return List.of();
        }
    }

    /** The {@code index-} prefixes of the products that kept evidence already. */
    private static Set<String> productsIn(Path folder) throws IOException {
        Set<String> prefixes = new HashSet<>();
        if (!Files.isDirectory(folder)) {
            return prefixes;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.length() > 7 && name.charAt(6) == '-') {
                    prefixes.add(name.substring(0, 7));
                }
            }
        }
        return prefixes;
    }

    /** Text can be cut and still read; an image cannot. */
    static boolean isText(String mediaType) {
        String type = mediaType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript");
    }
}
