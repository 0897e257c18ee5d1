package io.productscanner.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed JDK module list (distribution/src/jlink/jdk-modules.txt), which the runtime image script and so
 * the Dockerfile link, is exactly what jdeps reports over the assembled distribution, plus modules marked
 * "added:" with the reason jdeps cannot see them.
 */
class JdkModuleListTest {
    private static final String LIST = "distribution/src/jlink/jdk-modules.txt";

    private record Entry(String module, boolean added, String reason) {}

    private static List<Entry> entries;
    private static Set<String> jdepsModules;

    @BeforeAll
    static void readListAndRunJdeps() throws IOException {
        entries = new ArrayList<>();
        for (String line : Files.readAllLines(Repository.file(LIST))) {
            String module = line.replaceFirst("#.*", "").trim();
            if (!module.isEmpty()) {
                int added = line.indexOf("added:");
                entries.add(new Entry(
                        module,
                        added >= 0,
                        added >= 0 ? line.substring(added + 6).trim() : ""));
            }
        }
        jdepsModules = jdeps(Repository.DIST);
    }

    /** What {@code jdeps --print-module-deps} reports over lib/ and every plugin folder, all of them roots. */
    static Set<String> jdeps(Path dist) throws IOException {
        List<String> modulePath = new ArrayList<>(List.of(dist.resolve("lib").toString()));
        try (Stream<Path> plugins = Files.list(dist.resolve("plugins"))) {
            plugins.filter(Files::isDirectory).sorted().forEach(p -> modulePath.add(p.toString()));
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError(
                        "no jdeps in " + System.getProperty("java.home") + ": run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--multi-release",
                "21",
                "--ignore-missing-deps",
                "--print-module-deps",
                "--module-path",
                String.join(":", modulePath),
                "--add-modules",
                "ALL-MODULE-PATH");
        assertEquals(0, exit, out + "\n" + err);
        String[] lines = out.toString().strip().split("\n");
        return new TreeSet<>(Arrays.asList(lines[lines.length - 1].strip().split(",")));
    }

    @Test
    void theListedModulesAreWhatJdepsReportsPlusTheAddedOnes() {
        Set<String> listed = entries.stream()
                .filter(e -> !e.added())
                .map(Entry::module)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                jdepsModules,
                listed,
                "the modules of " + LIST + " without 'added:' must be exactly what jdeps"
                        + " reports over " + Repository.DIST
                        + " (add new ones; mark ones jdeps no longer sees 'added:' with"
                        + " a reason, or remove them)");
        assertTrue(
                jdepsModules.contains("java.base") && jdepsModules.contains("java.net.http"), jdepsModules.toString());
    }

    @Test
    void everyAddedModuleSaysWhyAndIsARealJdkModule() {
        List<Entry> added = entries.stream().filter(Entry::added).toList();
        assertFalse(added.isEmpty(), "jdeps misses jdk.zipfs, among others, so the list must add some");
        for (Entry entry : added) {
            assertFalse(entry.reason().isBlank(), entry.module() + " is added without a reason");
            assertTrue(
                    ModuleFinder.ofSystem().find(entry.module()).isPresent(),
                    entry.module() + " is not a module of this JDK");
        }
        assertEquals(
                entries.size(), entries.stream().map(Entry::module).distinct().count(), entries.toString());
        assertTrue(added.stream().anyMatch(e -> e.module().equals("jdk.zipfs")), added.toString());
    }

    @Test
    void theImageScriptComputesTheSameModulesAsJdeps() throws Exception {
        Repository.Finished printed = Repository.run(
                Duration.ofMinutes(2),
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                Repository.file("scripts/build-runtime-image.sh").toString(),
                "--dist",
                Repository.DIST.toString(),
                "--print-jdeps");
        assertEquals(0, printed.exitCode(), printed.output());
        assertEquals(
                jdepsModules, new TreeSet<>(printed.output().strip().lines().toList()), printed.output());
    }

    @Test
    void theImageScriptRefusesToLinkWhenJdepsFindsAModuleTheListLacks(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path partial = dir.resolve("modules.txt");
        Files.writeString(partial, "java.base\n");
        Repository.Finished refused = Repository.run(
                Duration.ofMinutes(2),
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                Repository.file("scripts/build-runtime-image.sh").toString(),
                "--dist",
                Repository.DIST.toString(),
                "--modules",
                partial.toString(),
                "--output",
                dir.resolve("image").toString());
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(
                refused.output().contains("jdeps finds modules")
                        && refused.output().contains("java.net.http"),
                refused.output());
        assertFalse(Files.exists(dir.resolve("image")), "no image is linked from an incomplete list");
    }
}
