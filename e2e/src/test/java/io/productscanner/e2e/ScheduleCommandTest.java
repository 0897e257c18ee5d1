package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code product-scanner schedules …}: schedules managed from the command line through a running API. */
class ScheduleCommandTest {
    @TempDir
    static Path work;

    private static ScannerProcessHandle server;
    private static Map<String, String> client;

    @BeforeAll
    static void serve() throws Exception {
        int port = ScannerProcessHandle.freePort();
        // the API alone serves the default queue: a scheduled musinsa job stays queued, which is all we need
        server = ScannerProcessHandle.start(
                Map.of(
                        "PORT",
                        Integer.toString(port),
                        "EMBEDDED_REDIS_PORT",
                        Integer.toString(ScannerProcessHandle.freePort()),
                        "DATA_DIR",
                        work.resolve("data").toString(),
                        "WORKER_PLATFORMS",
                        "default"),
                "serve");
        new Api(port).awaitHealthy(server, Duration.ofSeconds(60));
        client = Map.of("API_URL", "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static ScannerProcessHandle.Finished schedules(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "schedules";
        System.arraycopy(args, 0, command, 1, args.length);
        return ScannerProcessHandle.run(client, Duration.ofSeconds(60), command);
    }

    private static JsonNode json(ScannerProcessHandle.Finished run) throws Exception {
        // the answer's data, pretty-printed after any start-up log line
        String output = run.output();
        return Api.JSON.readTree(output.substring(output.indexOf('{')));
    }

    @Test
    void aScheduleIsCreatedPausedRunAndDeletedFromTheCommandLine() throws Exception {
        Path file = Files.writeString(work.resolve("nightly.json"), """
                {"id": "nightly-musinsa", "workflow_id": "musinsa-validation-v2", "cron": "0 3 * * *",
                 "params": {"products": [{"url": "https://www.musinsa.com/products/3674341"}]}}""");
        var created = schedules("create", file.toString());
        assertEquals(0, created.exitCode(), created.output());
        assertEquals("nightly-musinsa", json(created).path("id").asText());
        assertEquals("Asia/Seoul", json(created).path("time_zone").asText());

        var listed = schedules("list");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("nightly-musinsa"), listed.output());

        var paused = schedules("pause", "nightly-musinsa");
        assertEquals(0, paused.exitCode(), paused.output());
        assertTrue(json(schedules("show", "nightly-musinsa")).path("paused").asBoolean());

        var ran = schedules("run-now", "nightly-musinsa");
        assertEquals(0, ran.exitCode(), ran.output());
        assertFalse(json(ran).path("job_id").asText().isBlank(), ran.output());

        var deleted = schedules("delete", "nightly-musinsa");
        assertEquals(0, deleted.exitCode(), deleted.output());
        var gone = schedules("show", "nightly-musinsa");
        assertEquals(1, gone.exitCode());
        assertTrue(gone.output().contains("HTTP 404"), gone.output());
    }

    @Test
    void aBadScheduleIsRefusedNamingTheField() throws Exception {
        Path file = Files.writeString(work.resolve("bad.json"), """
                {"id": "bad", "workflow_id": "musinsa-validation-v2", "cron": "61 * * * *"}""");
        var refused = schedules("create", file.toString());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(
                refused.output().contains("HTTP 400") && refused.output().contains("(field cron)"), refused.output());
        var usage = schedules("frobnicate");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.output().contains("usage: product-scanner schedules"), usage.output());
    }

    @Test
    void anApiThatIsDownOrATokenItRefusesExitAsForTheOperatorCommands() throws Exception {
        int nobody = ScannerProcessHandle.freePort();
        var down = ScannerProcessHandle.run(
                Map.of("API_URL", "http://127.0.0.1:" + nobody), Duration.ofSeconds(60), "schedules", "list");
        assertEquals(3, down.exitCode(), down.output());
        assertTrue(down.output().contains("cannot reach the API at http://127.0.0.1:" + nobody), down.output());
        var missing = schedules("create", work.resolve("no-such.json").toString());
        assertEquals(2, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("no such file: "), missing.output());
    }
}
