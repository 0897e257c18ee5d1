package io.productscanner.runtime.cli;

import io.productscanner.runtime.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak benchmark's command line; the run itself is measured with a real browser plugin (see its README). */
class BenchSoakCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void platformAndProductsAreRequired() throws Exception {
        assertEquals(2, run("--platform", "oliveyoung"));
        assertTrue(errors().contains("--platform and --products (at least 1) are required"), errors());
    }

    @Test
    void anUnknownOptionIsNamed() throws Exception {
        assertEquals(2, run("--browsers", "3"));
        assertTrue(errors().contains("unknown option --browsers"), errors());
    }

    @Test
    void aProductCountThatIsNotANumberIsNamed() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> run("--platform", "oliveyoung", "--products", "many"));
        assertEquals("--products must be a whole number, was 'many'", failure.getMessage());
    }

    @Test
    void aMissingOrEmptyUrlListIsNamed(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> run("--platform", "oliveyoung", "--products", "5", "--urls", dir.resolve("none.txt").toString()));
        assertTrue(missing.getMessage().contains("no product URL list at"), missing.getMessage());

        Path empty = Files.writeString(dir.resolve("empty.txt"), "# only a comment\n\n");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> run("--platform", "oliveyoung", "--products", "5", "--urls", empty.toString()));
        assertTrue(none.getMessage().endsWith("lists no product URL"), none.getMessage());
    }

    private int run(String... args) throws Exception {
        return BenchSoakCommand.run(Settings.of(Map.of()), args,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
