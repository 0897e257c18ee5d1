package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.testing.RawRedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s embedded Redis as another local user meets it (issue 17 item 3): it knows the port, not the
 * password under {@code DATA_DIR}, and can neither read nor queue anything; whoever has the password still cannot
 * point Redis at another folder or wipe it. A restarted {@code serve} keeps the password and the queued job.
 */
class EmbeddedRedisLockdownTest {
    private static final String QUEUE = "workflow:queue:platform:musinsa";

    @TempDir
    Path work;

    @Test
    void aLocalProcessWithoutThePasswordCannotEnqueueAndARestartKeepsPasswordAndJobs() throws Exception {
        int port = ScannerProcessHandle.freePort();
        int redisPort = ScannerProcessHandle.freePort();
        Path data = work.resolve("data");
        Path passwordFile = data.resolve("redis-password");
        // no musinsa worker: a musinsa job stays queued, in Redis, across the restart
        Map<String, String> env = Map.of(
                "PORT",
                Integer.toString(port),
                "EMBEDDED_REDIS_PORT",
                Integer.toString(redisPort),
                "DATA_DIR",
                data.toString(),
                "RESULTS_DIR",
                work.resolve("results").toString(),
                "WORKER_PLATFORMS",
                "default");
        Api api = new Api(port);
        String password;
        String jobId;
        try (ScannerProcessHandle serve = ScannerProcessHandle.start(env, "serve")) {
            api.awaitHealthy(serve, Duration.ofSeconds(60));
            String started = serve.output()
                    .lines()
                    .filter(l -> l.contains("event=embedded_redis.started"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(outputOf(serve)));
            assertTrue(started.matches(".* binary=\\S*redis-server\\S* version=\\d+\\.\\d+\\.\\d+ .*"), started);

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            password = Files.readString(passwordFile).strip();
            assertFalse(serve.output().contains(password), "the password is never logged");

            try (RawRedisClient stranger = new RawRedisClient(redisPort)) {
                assertTrue(stranger.call("ZADD", QUEUE, "9999999999999999", "forged")
                        .startsWith("-NOAUTH"));
                assertTrue(stranger.call("HSET", "workflow:job:forged", "workflow_id", "musinsa-validation-v2")
                        .startsWith("-NOAUTH"));
                assertTrue(stranger.call("EVAL", "return redis.call('ZADD', KEYS[1], 1, 'forged')", "1", QUEUE)
                        .startsWith("-NOAUTH"));
                assertTrue(stranger.call("CONFIG", "SET", "dir", "/tmp").startsWith("-NOAUTH"));
                assertTrue(stranger.call("AUTH", "guess").startsWith("-WRONGPASS"));
            }
            try (RawRedisClient holder = new RawRedisClient(redisPort)) {
                assertEquals("+OK", holder.call("AUTH", password));
                assertTrue(holder.call("CONFIG", "SET", "dir", "/tmp").startsWith("-NOPERM"));
                assertTrue(holder.call("FLUSHALL").startsWith("-NOPERM"));
                assertEquals(":0", holder.call("ZCARD", QUEUE), "the stranger queued nothing");
            }

            Api.Reply submitted = api.post("/api/v2/workflows/execute", """
                    {"workflow_id": "musinsa-validation-v2",
                     "params": {"products": [{"url": "https://www.musinsa.com/products/3674341"}]}}""");
            assertEquals(202, submitted.status(), submitted.raw());
            jobId = submitted.body().path("data").path("job_id").asText();
            assertEquals(1, queuedCount(api), "the API enqueues through the password-protected Redis");
        }

        try (ScannerProcessHandle again = ScannerProcessHandle.start(env, "serve")) {
            api.awaitHealthy(again, Duration.ofSeconds(60));
            assertEquals(password, Files.readString(passwordFile).strip(), "the password is kept");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            JsonNode job = api.get("/api/v2/jobs/" + jobId).body().path("data");
            assertEquals("pending", job.path("status").asText(), "the append-only data is back: " + job);
            assertEquals(1, queuedCount(api));
            try (RawRedisClient stranger = new RawRedisClient(redisPort)) {
                assertTrue(stranger.call("ZCARD", QUEUE).startsWith("-NOAUTH"));
            }
        }
    }

    private static int queuedCount(Api api) throws Exception {
        return api.get("/api/v2/jobs/running")
                .body()
                .path("data")
                .path("summary")
                .path("queued_count")
                .asInt();
    }

    private static String outputOf(ScannerProcessHandle process) {
        try {
            return process.output();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
