package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Drop-in platform plugin JARs" from outside this repository: a plugin project of its own (src/test/external-plugin,
 * {@code io.productscanner:plugins} as its parent) is built by Maven, offline, against the artifacts this build
 * installed into the local repository; its folder is dropped into {@code PLUGIN_DIR} beside the distribution's
 * plugins, its workflow into {@code WORKFLOWS_DIR}; the distribution's {@code serve} loads it and runs a job on the
 * new platform through the API to a completed result.
 */
class ExternalPluginTest {
    private static final Path PROJECT = Path.of(System.getProperty("external.plugin.dir", "src/test/external-plugin"));
    private static final Path ROOT = Path.of(System.getProperty("productscanner.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final String VERSION = System.getProperty("productscanner.version");
    private static final Path REPOSITORY =
            Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));

    @TempDir
    static Path work;

    private static Path pluginFolder;
    private static MirroredServe serving;

    @BeforeAll
    static void buildThePluginAndServeItFromTheDistribution() throws Exception {
        requireTheArtifactsThisBuildInstalled();
        Path project = work.resolve("acme-plugin");
        copyTree(PROJECT, project);
        // the project names a Product Scanner version as its parent; build it against this one
        Path pom = project.resolve("pom.xml");
        Files.writeString(
                pom,
                Files.readString(pom)
                        .replaceFirst(
                                "(<artifactId>plugins</artifactId>\\s*<version>)[^<]+(</version>)",
                                "$1" + VERSION + "$2"));
        mavenPackage(project);
        pluginFolder = project.resolve("target/plugin/acme");

        Path pluginDir = work.resolve("plugins");
        copyTree(ScannerProcessHandle.DIST.resolve("plugins"), pluginDir);
        copyTree(pluginFolder, pluginDir.resolve("acme"));
        Path workflows = work.resolve("workflows");
        copyTree(ScannerProcessHandle.DIST.resolve("workflows"), workflows);
        copyTree(project.resolve("workflows"), workflows);
        serving = MirroredServe.start(
                project.resolve("src/test/mirror"),
                work,
                Map.of(
                        "PLUGIN_DIR",
                        pluginDir.toString(),
                        "WORKFLOWS_DIR",
                        workflows.toString(),
                        "ACME_PACING_MS",
                        "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void theFolderHoldsThePluginItsLibrariesAndNoSpiAndSaysWhichSpiItWasBuiltFor() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(pluginFolder)) {
            jars = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        for (String prefix :
                List.of("acme-1.0.0-plugin", "support-http-" + VERSION, "support-core-" + VERSION, "okhttp-jvm-")) {
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith(prefix)), prefix + " missing from " + jars);
        }
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("spi-")), "the runtime supplies the SPI: " + jars);
        try (JarFile jar =
                new JarFile(pluginFolder.resolve("acme-1.0.0-plugin.jar").toFile())) {
            assertEquals(
                    SpiVersion.current().toString(),
                    jar.getManifest().getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE));
        }
    }

    @Test
    void theApiKnowsTheNewPlatformBesideTheDistributionsOwn() throws Exception {
        JsonNode platforms =
                serving.api().get("/api/v2/platforms").body().path("data").path("platforms");

        Map<String, JsonNode> byId = new HashMap<>();
        platforms.forEach(platform -> byId.put(platform.path("id").asText(), platform));
        assertEquals("api", byId.get("acme").path("kind").asText(), platforms.toString());
        assertEquals("[\"acme\"]", byId.get("acme").path("queues").toString());
        assertTrue(
                byId.keySet()
                        .containsAll(List.of("musinsa", "hwahae", "zigzag", "oliveyoung", "ably", "kurly", "extract")),
                byId.keySet().toString());
    }

    @Test
    void aJobOnTheNewPlatformRunsThroughTheApiToACompletedResult() throws Exception {
        Api.Reply reply = serving.api().post("/api/v2/workflows/execute", """
                {"workflow_id": "acme-validation-v1", "params": {"products": [
                  {"url": "https://shop.acme.example/p/1001", "product_set_id": "a-1",
                   "expected": {"product_name": "Acme Anvil", "original_price": 12000, "discounted_price": 9900,
                                "sale_status": "on_sale"}},
                  {"url": "https://shop.acme.example/p/1002?ref=mail", "product_set_id": "a-2",
                   "expected": {"sale_status": "on_sale"}},
                  {"url": "https://shop.acme.example/p/1003", "product_set_id": "a-3",
                   "expected": {"sale_status": "on_sale"}}]}}""");
        assertEquals(202, reply.status(), reply.raw());
        String jobId = reply.body().path("data").path("job_id").asText();

        JsonNode job = serving.api().awaitFinished(jobId, Duration.ofSeconds(60));

        assertEquals(
                "completed",
                job.path("status").asText(),
                job + "\n" + serving.server().output());
        assertEquals("acme", job.path("platform").asText(), job.toString());
        JsonNode summary = job.path("result").path("summary");
        Map.of("total", 3, "success", 2, "not_found", 1, "failed", 0, "match", 1, "mismatch", 2)
                .forEach((field, count) ->
                        assertEquals(count.intValue(), summary.path(field).asInt(), field + " in " + summary));
        Map<String, JsonNode> results = new HashMap<>();
        serving.api()
                .get("/api/v2/jobs/" + jobId + "/results?limit=10")
                .body()
                .path("data")
                .path("items")
                .forEach(item -> results.put(item.path("product_set_id").asText(), item));
        assertTrue(
                results.get("a-1").path("match").asBoolean(), results.get("a-1").toString());
        assertEquals(
                "sold_out",
                results.get("a-2").path("fetched").path("sale_status").asText());
        assertEquals(
                45000,
                results.get("a-2").path("fetched").path("discounted_price").asLong());
        assertEquals(
                "not_found",
                results.get("a-3").path("status").asText(),
                results.get("a-3").toString());
        assertEquals(1, serving.mirror().requestCount("api.acme.example/products/1001"));
    }

    /**
     * The external project resolves io.productscanner artifacts from the local repository, so they must be the ones
     * this build made: a build that ran {@code verify} after an older {@code install} would test stale artifacts.
     */
    private static void requireTheArtifactsThisBuildInstalled() throws IOException {
        assertTrue(VERSION != null && !VERSION.isBlank(), "productscanner.version is not set (see e2e/pom.xml)");
        Map<Path, Path> builtAndInstalled = new HashMap<>();
        builtAndInstalled.put(ROOT.resolve("pom.xml"), installed("product-scanner", ".pom"));
        builtAndInstalled.put(ROOT.resolve("plugins/pom.xml"), installed("plugins", ".pom"));
        for (String module : List.of(
                "spi", "site-mirror", "plugins/support-core", "plugins/support-http", "plugins/plugin-testkit")) {
            String artifact = Path.of(module).getFileName().toString();
            builtAndInstalled.put(
                    ROOT.resolve(module).resolve("target/" + artifact + "-" + VERSION + ".jar"),
                    installed(artifact, ".jar"));
        }
        for (Map.Entry<Path, Path> pair : builtAndInstalled.entrySet()) {
            String hint = ": the external plugin builds against the installed artifacts, so run `mvn install` "
                    + "(`./product-scanner test` does) rather than `mvn verify`";
            assertTrue(Files.isRegularFile(pair.getValue()), pair.getValue() + " is not installed" + hint);
            assertArrayEquals(
                    Files.readAllBytes(pair.getKey()),
                    Files.readAllBytes(pair.getValue()),
                    pair.getValue() + " is not " + pair.getKey() + hint);
        }
    }

    private static Path installed(String artifact, String extension) {
        return REPOSITORY
                .resolve("io/productscanner")
                .resolve(artifact)
                .resolve(VERSION)
                .resolve(artifact + "-" + VERSION + extension);
    }

    /** {@code mvn -B -o -q package} in {@code project}, with the Maven and the local repository of this build. */
    private static void mavenPackage(Path project) throws Exception {
        String mavenHome = System.getProperty("maven.home", "");
        Path maven = Path.of(mavenHome, "bin", "mvn");
        List<String> command = new ArrayList<>(List.of(
                Files.isExecutable(maven) ? maven.toString() : "mvn",
                "-B",
                "-o",
                "-q",
                "package",
                "-Dmaven.repo.local=" + REPOSITORY.toAbsolutePath()));
        Path log = work.resolve("acme-build.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().keySet().removeAll(List.of("MAVEN_PROJECTBASEDIR", "MAVEN_BASEDIR", "MAVEN_ARGS"));
        Process build = builder.start();
        if (!build.waitFor(5, TimeUnit.MINUTES)) {
            build.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " took over 5 minutes:\n" + Files.readString(log));
        }
        assertEquals(
                0, build.exitValue(), String.join(" ", command) + " in " + project + ":\n" + Files.readString(log));
    }

    /** Copies a folder, leaving out what a build of it left in its {@code target}. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(path -> !from.relativize(path).startsWith("target"))
                    .toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
