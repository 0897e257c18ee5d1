package io.productscanner.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTreeMemoryTest {
    @Test
    void countsThisJvmAndTheProcessesItStarted() throws Exception {
        ProcessTreeMemory alone = ProcessTreeMemory.now();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessTreeMemory withChild = ProcessTreeMemory.now();

            assertTrue(alone.residentBytes() > 0, alone.toString());
            assertTrue(
                    alone.proportionalBytes() > 0 && alone.proportionalBytes() <= alone.residentBytes(),
                    alone.toString());
            assertEquals(alone.processes() + 1, withChild.processes(), withChild.toString());
        } finally {
            child.destroy();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
