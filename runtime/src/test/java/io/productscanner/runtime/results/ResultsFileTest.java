package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.job.JobRecord;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.ProductResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file: its lines, its place in the results folder, and that it only ever appears whole. */
class ResultsFileTest {
    @TempDir
    Path dir;

    private final String jobId = ResultsFixtures.newJobId();
    private final JobRecord job = ResultsFixtures.job(jobId, "musinsa", "2025-11-27T23:59:58.000Z");

    @Test
    void aJobsFileSitsInTheFolderOfItsUtcStartDay() {
        ResultsDirectory results = new ResultsDirectory(dir);
        // 23:59:58 UTC is already the next day in Seoul; the folder follows UTC
        Path file = results.fileFor("musinsa", jobId, Instant.parse(job.startedAt()));
        assertEquals(dir.toAbsolutePath().resolve("2025-11-27").resolve("job_musinsa_" + jobId + ".jsonl"), file);
    }

    @Test
    void theFileHasAHeaderOneLinePerResultAndAFooterWithTheSummary() throws Exception {
        List<ProductResult> products = ResultsFixtures.products(3);
        Path target = dir.resolve("2025-11-27").resolve("job_musinsa_" + jobId + ".jsonl");
        JsonNode summary = Json.read("{\"total\": 3, \"success\": 2, \"failed\": 1}");
        try (ResultsFile file = ResultsFile.open(target, job)) {
            for (ProductResult product : products) {
                file.append(Json.MAPPER.valueToTree(product));
            }
            assertEquals(target, file.finish(summary));
        }

        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(5, lines.size());
        JsonNode header = Json.read(lines.getFirst());
        assertEquals("header", header.path("type").asText());
        assertEquals(jobId, header.path("job_id").asText());
        assertEquals("musinsa-validation-v2", header.path("workflow_id").asText());
        assertEquals("musinsa", header.path("platform").asText());
        assertEquals("2025-11-27T23:59:58.000Z", header.path("started_at").asText());
        assertEquals("검증", header.path("params").path("note").asText());
        for (int i = 0; i < products.size(); i++) {
            ObjectNode line = (ObjectNode) Json.read(lines.get(1 + i));
            assertEquals("result", line.remove("type").asText());
            assertEquals(ResultsFixtures.asJson(products).get(i), line);
        }
        JsonNode footer = Json.read(lines.getLast());
        assertEquals("footer", footer.path("type").asText());
        assertEquals(summary, footer.path("summary"));
        assertTrue(Instant.parse(footer.path("completed_at").asText())
                .isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void noFileAppearsUnderTheFinalNameUntilItIsFinished() throws Exception {
        Path target = dir.resolve("2025-11-27").resolve("job_musinsa_" + jobId + ".jsonl");
        try (ResultsFile file = ResultsFile.open(target, job)) {
            for (ProductResult product : ResultsFixtures.products(50)) {
                file.append(Json.MAPPER.valueToTree(product));
            }
            assertFalse(Files.exists(target), "a reader would see half a file");
            file.finish(Json.MAPPER.createObjectNode());
            assertTrue(Files.exists(target));
        }
        assertEquals(List.of(target), filesIn(target.getParent()), "the temporary file is left behind");
    }

    @Test
    void thePublishedFileIsReadableByOthersAsTheUmaskAllows() throws Exception {
        Path target = dir.resolve("job_musinsa_" + jobId + ".jsonl");
        write(target, ResultsFixtures.products(1));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "a file created the ordinary way");

        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }

    @Test
    void aFileClosedUnfinishedLeavesNothingBehind() throws Exception {
        Path target = dir.resolve("2025-11-27").resolve("job_musinsa_" + jobId + ".jsonl");
        try (ResultsFile file = ResultsFile.open(target, job)) {
            file.append(Json.MAPPER.valueToTree(ResultsFixtures.products(1).getFirst()));
        }
        assertEquals(List.of(), filesIn(target.getParent()));
    }

    @Test
    void writingTheFileAgainReplacesItWhole() throws Exception {
        Path target = dir.resolve("2025-11-27").resolve("job_musinsa_" + jobId + ".jsonl");
        write(target, ResultsFixtures.products(4));
        write(target, ResultsFixtures.products(2));

        assertEquals(4, Files.readAllLines(target).size(), "header, 2 results, footer");
    }

    @Test
    void aFinishedFileTakesNoMoreLines() throws Exception {
        Path target = dir.resolve("job_musinsa_" + jobId + ".jsonl");
        try (ResultsFile file = ResultsFile.open(target, job)) {
            file.finish(Json.MAPPER.createObjectNode());
            assertThrows(
                    IllegalStateException.class,
                    () -> file.append(
                            Json.MAPPER.valueToTree(ResultsFixtures.products(1).getFirst())));
        }
    }

    private void write(Path target, List<ProductResult> products) throws Exception {
        try (ResultsFile file = ResultsFile.open(target, job)) {
            for (ProductResult product : products) {
                file.append(Json.MAPPER.valueToTree(product));
            }
            file.finish(Json.MAPPER.createObjectNode());
        }
    }

    private static List<Path> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
