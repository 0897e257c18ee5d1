package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.product.EvidenceFile;
import io.productscanner.spi.ScanEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a parse failure's evidence is kept, how it is bounded, and how the API finds it again. */
class ScanEvidenceStoreTest {
    private static final Instant STARTED = Instant.parse("2026-12-03T10:00:00Z");
    private static final String JOB = "019ad0c1-0000-7000-8000-000000000001";
    private static final ScanEvidence PAGE = ScanEvidence.text(
            "page.html",
            "text/html; charset=utf-8",
            "https://m.oliveyoung.co.kr/m/goods/getGoodsDetail.do?goodsNo=A000000190001",
            "<html>품절</html>");
    private static final ScanEvidence SCREENSHOT =
            new ScanEvidence("screenshot.png", "image/png", null, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});

    @TempDir
    Path root;

    @Test
    void evidenceIsWrittenBesideTheJobsResultsAndFoundAgainByTheNameItsResultLinks() throws Exception {
        ResultsDirectory directory = new ResultsDirectory(root);
        ScanEvidenceStore store = new ScanEvidenceStore(directory, 1024, 20);

        List<EvidenceFile> kept = store.keep("oliveyoung", JOB, STARTED, 7, List.of(PAGE, SCREENSHOT));

        assertEquals(
                List.of(
                        new EvidenceFile(
                                "page.html",
                                "text/html; charset=utf-8",
                                "<html>품절</html>".getBytes(StandardCharsets.UTF_8).length,
                                false,
                                PAGE.source(),
                                "/api/v2/jobs/" + JOB + "/evidence/000007-page.html"),
                        new EvidenceFile(
                                "screenshot.png",
                                "image/png",
                                8,
                                false,
                                null,
                                "/api/v2/jobs/" + JOB + "/evidence/000007-screenshot.png")),
                kept);
        Path folder = root.resolve("2026-12-03").resolve("job_oliveyoung_" + JOB + ".evidence");
        assertArrayEquals(SCREENSHOT.content(), Files.readAllBytes(folder.resolve("000007-screenshot.png")));
        assertEquals(
                folder.resolve("000007-page.html"),
                directory.findEvidence(JOB, "000007-page.html").orElseThrow());
    }

    @Test
    void textPastTheLimitIsCutAndAnImagePastItIsLeftOut() throws Exception {
        ScanEvidenceStore store = new ScanEvidenceStore(new ResultsDirectory(root), 6, 20);

        List<EvidenceFile> kept = store.keep("oliveyoung", JOB, STARTED, 1, List.of(PAGE, SCREENSHOT));

        assertEquals(1, kept.size(), "the 8-byte image does not fit in 6 bytes: " + kept);
        assertEquals(6, kept.getFirst().bytes());
        assertTrue(kept.getFirst().truncated());
        assertEquals(
                "<html>",
                Files.readString(new ResultsDirectory(root)
                        .findEvidence(JOB, "000001-page.html")
                        .orElseThrow()));
    }

    @Test
    void onlySoManyProductsOfAJobKeepEvidenceAndAProductAlreadyKeptMayAddMore() {
        ScanEvidenceStore store = new ScanEvidenceStore(new ResultsDirectory(root), 1024, 2);

        assertEquals(1, store.keep("ably", JOB, STARTED, 0, List.of(PAGE)).size());
        assertEquals(1, store.keep("ably", JOB, STARTED, 1, List.of(PAGE)).size());
        assertEquals(List.of(), store.keep("ably", JOB, STARTED, 2, List.of(PAGE)), "a third product keeps none");
        assertEquals(1, store.keep("ably", JOB, STARTED, 1, List.of(SCREENSHOT)).size());
    }

    @Test
    void namesThatAreNotKeptFilesFindNothing() throws Exception {
        ResultsDirectory directory = new ResultsDirectory(root);
        new ScanEvidenceStore(directory, 1024, 20).keep("ably", JOB, STARTED, 0, List.of(PAGE));

        assertTrue(directory.findEvidence(JOB, "000000-page.html").isPresent());
        for (String name : List.of("../../2026-12-03", "000000-../x", "page.html", "000000-.hidden", "")) {
            assertTrue(directory.findEvidence(JOB, name).isEmpty(), name);
        }
        assertTrue(directory.findEvidence("other-job", "000000-page.html").isEmpty());
    }

    @Test
    void aFolderThatCannotBeWrittenKeepsNothingAndDoesNotFailTheScan() throws Exception {
        Path blocked = Files.writeString(root.resolve("results-is-a-file"), "x");
        ScanEvidenceStore store = new ScanEvidenceStore(new ResultsDirectory(blocked), 1024, 20);

        assertEquals(List.of(), store.keep("ably", JOB, STARTED, 0, List.of(PAGE)));
    }
}
