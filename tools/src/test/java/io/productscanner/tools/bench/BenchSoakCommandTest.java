package io.productscanner.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.ProductScannerCommand;
import io.productscanner.runtime.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak benchmark's command line; the run itself is measured with a real browser plugin (see its README). */
class BenchSoakCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void platformAndProductsAreRequired() {
        assertEquals(2, run("--platform", "oliveyoung"));
        assertTrue(errors().contains("Missing required option: '--products=N'"), errors());
        assertEquals(2, run("--platform", "oliveyoung", "--products", "0"));
        assertTrue(errors().contains("--products must be at least 1"), errors());
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertEquals(2, run("--platform", "oliveyoung", "--products", "5", "--browsers", "3"));
        assertTrue(errors().contains("unknown option '--browsers'"), errors());
        assertTrue(errors().contains("usage: product-scanner bench soak"), errors());
    }

    @Test
    void aProductCountThatIsNotANumberIsNamed() {
        assertEquals(2, run("--platform", "oliveyoung", "--products", "many"));
        assertTrue(errors().contains("Invalid value for option '--products': 'many' is not an int"), errors());
    }

    @Test
    void aMissingOrEmptyUrlListIsNamed(@TempDir Path dir) throws Exception {
        assertEquals(
                2,
                run(
                        "--platform",
                        "oliveyoung",
                        "--products",
                        "5",
                        "--urls",
                        dir.resolve("none.txt").toString()));
        assertTrue(errors().contains("no product URL list at"), errors());

        Path empty = Files.writeString(dir.resolve("empty.txt"), "# only a comment\n\n");
        assertEquals(2, run("--platform", "oliveyoung", "--products", "5", "--urls", empty.toString()));
        assertTrue(errors().lines().findFirst().orElse("").endsWith("lists no product URL"), errors());
    }

    private int run(String... args) {
        err.reset();
        String[] command = Stream.concat(Stream.of("bench", "soak"), List.of(args).stream())
                .toArray(String[]::new);
        return ProductScannerCommand.run(
                command,
                () -> Settings.of(Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
