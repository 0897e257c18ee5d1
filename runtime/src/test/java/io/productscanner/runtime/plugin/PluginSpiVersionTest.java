package io.productscanner.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SpiVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real plugin folders, their JAR compiled and packed by the test, loaded as the runtime loads its plugin directory:
 * a plugin runs when it was built for this runtime's SPI major version and a minor up to the runtime's, and any
 * other plugin is refused, before it is instantiated, with a message naming it, its SPI version and the runtime's.
 */
class PluginSpiVersionTest {
    private static final String PLUGIN_CLASS = "acme.AcmePlugin";
    /** Set by the plugin's constructor: shows whether a refused plugin was instantiated. */
    private static final String INSTANTIATED = "acme.plugin.instantiated";

    @TempDir
    static Path build;

    private static Path classes;

    @BeforeAll
    static void compileThePlugin() throws Exception {
        Path sources = Files.createDirectories(build.resolve("src/acme"));
        Files.writeString(sources.getParent().resolve("module-info.java"), """
                module acme.plugin {
                    requires productscanner.spi;
                    provides io.productscanner.spi.PlatformPlugin with acme.AcmePlugin;
                }
                """);
        Files.writeString(sources.resolve("AcmePlugin.java"), """
                package acme;

                import io.productscanner.spi.*;
                import java.net.URI;

                public final class AcmePlugin implements PlatformPlugin {
                    public AcmePlugin() {
                        System.setProperty("%s", "true");
                    }
                    public String id() { return "acme"; }
                    public PluginKind kind() { return PluginKind.API; }
                    public boolean matches(URI url) { return false; }
                    public String productId(URI url) throws ScanException {
                        throw new ScanException(FailureKind.INVALID_URL, "no acme product URL: " + url);
                    }
                    public URI canonicalUrl(String id) { return URI.create("https://acme.example/" + id); }
                    public ProductScanner createScanner(PluginContext context) {
                        throw new UnsupportedOperationException("not scanned here");
                    }
                }
                """.formatted(INSTANTIATED));
        classes = build.resolve("classes");
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(
                        () -> new AssertionError("javac is needed to build the test plugin: run the tests on a JDK"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(
                new PrintStream(errors, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8),
                "--module-path",
                spiLocation().toString(),
                "-d",
                classes.toString(),
                sources.getParent().resolve("module-info.java").toString(),
                sources.resolve("AcmePlugin.java").toString());
        assertEquals(0, exit, errors.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPluginBuiltForThisRuntimesSpiLoads(@TempDir Path pluginDir) throws IOException {
        pluginFolder(pluginDir, SpiVersion.current().toString());

        List<LoadedPlugin> loaded = PluginLoader.loadAll(pluginDir);

        assertEquals(List.of("acme"), loaded.stream().map(LoadedPlugin::id).toList());
        assertEquals(PLUGIN_CLASS, loaded.getFirst().plugin().getClass().getName());
    }

    @Test
    void aPluginBuiltForTheFirstMinorOfThisMajorLoads(@TempDir Path pluginDir) throws IOException {
        pluginFolder(pluginDir, SpiVersion.current().major() + ".0");

        assertEquals(1, PluginLoader.loadAll(pluginDir).size());
    }

    @Test
    void aPluginBuiltForANewerMinorIsRefusedNamingBothVersions(@TempDir Path pluginDir) throws IOException {
        SpiVersion runtime = SpiVersion.current();
        String newer = runtime.major() + "." + (runtime.minor() + 1);
        Path folder = pluginFolder(pluginDir, newer);

        String message = refusal(pluginDir);

        assertTrue(
                message.startsWith("plugin folder " + folder + " (" + PLUGIN_CLASS + " in module acme.plugin) "
                        + "was built for SPI " + newer + ", but this runtime's SPI is " + runtime + ", "),
                message);
        assertTrue(message.contains("rebuild the plugin against SPI " + runtime), message);
    }

    @Test
    void aPluginBuiltForAnotherMajorIsRefused(@TempDir Path pluginDir) throws IOException {
        SpiVersion runtime = SpiVersion.current();
        for (String other : List.of((runtime.major() + 1) + ".0", (runtime.major() + 1) + "." + runtime.minor())) {
            Path folder = pluginFolder(pluginDir, other);

            String message = refusal(pluginDir);

            assertTrue(
                    message.contains(folder + " (" + PLUGIN_CLASS + " in module acme.plugin) was built for SPI " + other
                            + ", but this runtime's SPI is " + runtime),
                    message);
        }
        if (runtime.major() > 0) {
            String older = (runtime.major() - 1) + ".9";
            pluginFolder(pluginDir, older);
            assertTrue(refusal(pluginDir).contains("was built for SPI " + older), older);
        }
    }

    @Test
    void aPluginThatDoesNotSayWhichSpiItWasBuiltForIsRefused(@TempDir Path pluginDir) throws IOException {
        pluginFolder(pluginDir, null);

        String message = refusal(pluginDir);

        assertTrue(
                message.contains(PLUGIN_CLASS + " in module acme.plugin) does not say which SPI it was built for: "
                        + "its JAR manifest has no Product-Scanner-SPI-Version (this runtime's SPI is "
                        + SpiVersion.current()
                        + ")"),
                message);
    }

    @Test
    void anUnreadableSpiVersionIsRefusedNamingIt(@TempDir Path pluginDir) throws IOException {
        pluginFolder(pluginDir, "1.0-SNAPSHOT");

        assertTrue(refusal(pluginDir)
                .contains("has an unreadable Product-Scanner-SPI-Version in its JAR manifest: "
                        + "an SPI version looks like 1.0 (major.minor), was '1.0-SNAPSHOT'"));
    }

    /** Loads the directory expecting a refusal of the plugin, which must not have been instantiated. */
    private static String refusal(Path pluginDir) {
        System.clearProperty(INSTANTIATED);
        PluginException refused = assertThrows(PluginException.class, () -> PluginLoader.loadAll(pluginDir));
        assertNull(System.getProperty(INSTANTIATED), "a refused plugin is never instantiated");
        return refused.getMessage();
    }

    /** {@code pluginDir/acme/acme-plugin.jar} built for {@code spiVersion}, or saying nothing when null. */
    private static Path pluginFolder(Path pluginDir, String spiVersion) throws IOException {
        Path folder = Files.createDirectories(pluginDir.resolve("acme"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
        }
        try (OutputStream file = Files.newOutputStream(folder.resolve("acme-plugin.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path classFile : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(
                        new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(classFile));
                jar.closeEntry();
            }
        }
        return folder;
    }

    private static Path spiLocation() throws URISyntaxException {
        return Path.of(PlatformPlugin.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }
}
