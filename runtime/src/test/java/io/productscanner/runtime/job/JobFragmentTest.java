package io.productscanner.runtime.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.testing.TestRedis;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job lost in a Redis failover (acknowledged by a primary that died before any replica had it) is not found,
 * even after the worker still running it wrote its progress: that write recreates only a fragment of the hash,
 * which used to be read as a job without a workflow (GET /api/v2/jobs/{id} answered 500, a NullPointerException).
 */
class JobFragmentTest {
    @RegisterExtension
    static final TestRedis REDIS = TestRedis.perClass();

    @Test
    void progressWrittenForAJobThatIsGoneIsNoJob() throws Exception {
        JobStore store = REDIS.store();
        store.progress("lost-in-failover", "scan", 0.5, "{}");
        // fire-and-forget: wait until the write has landed
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!REDIS.connections()
                .commands()
                .exists(REDIS.keys().job("lost-in-failover"))
                .equals(1L)) {
            assertTrue(System.nanoTime() < deadline, "the progress write never landed");
            Thread.sleep(10);
        }
        assertEquals(Optional.empty(), store.find("lost-in-failover"));
    }
}
