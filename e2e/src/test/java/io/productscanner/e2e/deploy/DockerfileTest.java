package io.productscanner.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile.dev, read as text (there is no Docker engine to build it here): its stages, where its runtime
 * comes from, what each final target holds, who it runs as and how its health is checked.
 */
class DockerfileTest {
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)\\s+AS\\s+(\\S+)\\s*$");

    private static String dockerfile;
    /** stage name -> its instructions, with line continuations joined */
    private static Map<String, String> stages;
    /** scripts/assemble-image.sh, which lays out what the images ship */
    private static String assembly;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Repository.read("docker/Dockerfile.dev").replace("\\\n", " ");
        assembly = Repository.read("scripts/assemble-image.sh");
        stages = new LinkedHashMap<>();
        Matcher from = FROM.matcher(dockerfile);
        String name = null;
        int start = 0;
        while (from.find()) {
            if (name != null) {
                stages.put(name, dockerfile.substring(start, from.start()));
            }
            name = from.group(2);
            start = from.start();
        }
        stages.put(name, dockerfile.substring(start));
    }

    @Test
    void aBuildStageAndTheTwoFinalTargets() {
        assertEquals(
                List.of(
                        "artifacts-source",
                        "artifacts-host",
                        "artifacts",
                        "base",
                        "api-worker",
                        "browser-worker",
                        "tools"),
                List.copyOf(stages.keySet()));
        assertTrue(stages.get("artifacts-source").contains("mvn -B"), stages.get("artifacts-source"));
        // the host's distribution, staged by scripts/build-images.sh, or the self-contained build (the default)
        assertTrue(stages.get("artifacts-host").startsWith("FROM scratch AS artifacts-host"));
        assertTrue(stages.get("artifacts").startsWith("FROM artifacts-${ARTIFACTS} AS artifacts"));
        assertTrue(dockerfile.contains("ARG ARTIFACTS=source"), "self-contained unless told otherwise");
        assertFalse(dockerfile.contains("# syntax="), "BuildKit would fetch that frontend from a registry");
        assertTrue(stages.get("tools").startsWith("FROM api-worker AS tools"));
        assertTrue(stages.get("api-worker").startsWith("FROM base AS api-worker"));
        assertTrue(stages.get("browser-worker").startsWith("FROM base AS browser-worker"));
    }

    @Test
    void theRuntimeIsLinkedByTheScriptFromTheCommittedModuleList() {
        String build = stages.get("artifacts-source");
        assertTrue(build.contains("RUN scripts/build-runtime-image.sh --output /out/java"), build);
        String instructions = dockerfile.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
        assertFalse(
                instructions.contains("jlink")
                        || instructions.contains("--add-modules")
                        || instructions.contains("jdeps"),
                "the Dockerfile must not keep a module list of its own: it runs scripts/build-runtime-image.sh");
        for (String target : List.of("api-worker", "browser-worker")) {
            assertTrue(stages.get(target).contains("COPY --from=artifacts /out/java /opt/java"), target);
        }
        assertTrue(
                stages.get("base").contains("JAVA_HOME=/opt/java"),
                "the distribution's launcher finds it by JAVA_HOME");
    }

    @Test
    void theApiWorkerHasNoBrowserAndTheBrowserWorkerHasChromiumFontsAndNode() {
        String api = stages.get("api-worker") + stages.get("base");
        for (String word : List.of("chromium", "playwright", "nodejs", "browser-plugins")) {
            assertFalse(api.toLowerCase(Locale.ROOT).contains(word), "api-worker mentions " + word);
        }
        String browser = stages.get("browser-worker");
        assertTrue(browser.matches("(?s).*apt-get install[^\\n]*\\bchromium\\b[^\\n]*\\bfonts-noto-cjk\\b.*"), browser);
        assertTrue(browser.contains("--no-install-recommends") && browser.contains("rm -rf /var/lib/apt/lists"));
        assertTrue(
                browser.contains("COPY --from=artifacts /out/browser-plugins/ /opt/product-scanner/plugins/"), browser);
        assertTrue(browser.contains("CHROMIUM_PATH=/usr/bin/chromium"), browser);
        assertTrue(browser.contains("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"), browser);
        // Playwright plugins are recognised by their jar and kept out of the api-worker image, by the assembly
        // script the build stage runs (ProductionImageTest runs it)
        assertTrue(
                stages.get("artifacts-source").contains("RUN scripts/assemble-image.sh --output /out"),
                stages.get("artifacts-source"));
        assertTrue(assembly.contains("grep -q '^playwright'"), assembly);
    }

    @Test
    void bothTargetsRunAsANonRootUserWithAHealthcheckOnObserveHealth() {
        for (String target : List.of("api-worker", "browser-worker")) {
            String stage = stages.get(target);
            String user = stage.substring(stage.lastIndexOf("\nUSER ") + 6)
                    .lines()
                    .findFirst()
                    .orElseThrow()
                    .trim();
            assertEquals("10001:10001", user, target + " runs as");
        }
        String base = stages.get("base");
        assertTrue(base.contains("useradd --system --uid 10001"), base);
        assertTrue(base.contains("HEALTHCHECK") && base.contains("/opt/product-scanner/bin/healthcheck"), base);
        assertTrue(assembly.contains("cp \"$root/docker/healthcheck.sh\" \"$output/app/bin/healthcheck\""), assembly);
        assertTrue(
                base.contains("RESULTS_DIR=/var/lib/product-scanner/results"),
                "results go to a volume, not the root fs");
        assertTrue(base.contains("-XX:MaxRAMPercentage="), "the heap follows the container's memory limit");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndSecrets() throws IOException {
        List<String> ignored = Repository.read(".dockerignore")
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertTrue(ignored.containsAll(List.of(".git", "**/target", "docker/.env")), ignored.toString());
        assertFalse(
                ignored.stream().anyMatch(l -> l.startsWith("scripts") || l.startsWith("distribution")),
                "the build stage needs scripts/ and distribution/src: " + ignored);
    }
}
