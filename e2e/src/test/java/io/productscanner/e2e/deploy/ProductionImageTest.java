package io.productscanner.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the production images ship, laid out by scripts/assemble-image.sh (docker/Dockerfile.dev runs it) from the
 * built distribution: the service without its tools, so no benchmark or mirror class or jar, and a command line
 * with no {@code bench} or {@code mirror}.
 */
class ProductionImageTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void assemble() throws Exception {
        Repository.Finished assembled = Repository.run(
                Duration.ofMinutes(2),
                Map.of(),
                Repository.file("scripts/assemble-image.sh").toString(),
                "--dist",
                Repository.DIST.toString(),
                "--output",
                out.toString());
        assertEquals(0, assembled.exitCode(), assembled.output());
    }

    @Test
    void theImageHoldsTheServiceButNoBenchmarkOrMirrorClassOrJar() throws IOException {
        Path app = out.resolve("app");
        assertTrue(
                Files.isRegularFile(app.resolve("bin/product-scanner"))
                        && Files.isRegularFile(app.resolve("bin/healthcheck"))
                        && Files.isDirectory(app.resolve("workflows")),
                "the service is there");
        assertFalse(Files.exists(app.resolve("lib/tools")), "lib/tools is left out");
        assertFalse(Files.exists(app.resolve("completion")), "no shell completion in a container");
        // what the api-worker and browser-worker images copy; out/tools goes only into the tools image
        List<Path> jars;
        try (Stream<Path> files = Stream.concat(Files.walk(app), Files.walk(out.resolve("browser-plugins")))) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
        try (Stream<Path> files = Files.list(out.resolve("tools"))) {
            assertTrue(
                    files.anyMatch(jar -> jar.getFileName().toString().startsWith("site-mirror-")),
                    "the tools image gets the site mirror");
        }
        assertTrue(jars.stream().anyMatch(jar -> jar.getFileName().toString().startsWith("runtime-")), jars.toString());
        assertTrue(
                jars.stream().anyMatch(jar -> jar.startsWith(out.resolve("browser-plugins"))),
                "the browser plugins are assembled too: " + jars);
        List<String> toolClasses = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            assertFalse(name.startsWith("tools-") || name.startsWith("site-mirror-"), "tool jar " + jar);
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream()
                        .map(entry -> entry.getName())
                        .filter(entry -> entry.startsWith("io/productscanner/tools/")
                                || entry.startsWith("io/productscanner/mirror/")
                                || entry.matches("io/productscanner/.*/(Bench[^/]*|MirrorCommand|ProcessTreeMemory)"
                                        + "\\.class"))
                        .forEach(entry -> toolClasses.add(jar.getFileName() + "!" + entry));
            }
        }
        assertEquals(List.of(), toolClasses, "benchmark or mirror classes in a production image");
    }

    @Test
    void itsCommandLineHasNoBenchOrMirror() throws Exception {
        String launcher = out.resolve("app/bin/product-scanner").toString();
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Repository.Finished help = Repository.run(Duration.ofMinutes(1), env, launcher, "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("\n  serve ") && help.output().contains("\n  schedules "), help.output());
        assertFalse(help.output().contains("\n  bench ") || help.output().contains("\n  mirror "), help.output());

        for (List<String> tool : List.of(List.of("bench", "queue"), List.of("mirror"))) {
            List<String> command = new ArrayList<>(List.of(launcher));
            command.addAll(tool);
            Repository.Finished refused = Repository.run(Duration.ofMinutes(1), env, command.toArray(String[]::new));
            assertEquals(2, refused.exitCode(), refused.output());
            assertTrue(refused.output().startsWith("unknown command '" + tool.getFirst() + "'"), refused.output());
        }
    }
}
