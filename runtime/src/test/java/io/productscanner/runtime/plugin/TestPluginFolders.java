package io.productscanner.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.SpiVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Real plugin modules, compiled by the test with javac against the SPI and packed as the plugin build packs them
 * (the SPI version in the manifest, the module version in the descriptor), for loading as the runtime loads its
 * plugin directory. Each plugin's constructor sets {@link #instantiated(String)}, so a test sees which were loaded.
 */
final class TestPluginFolders {
    /** The module version every test plugin is compiled with. */
    static final String MODULE_VERSION = "2.3.4";

    /**
     * One plugin.
     *
     * @param kind     a {@code PluginKind} constant name: API, BROWSER or MIXED
     * @param nodeType the name of a workflow node type it adds, or null for none
     */
    record Plugin(String id, String kind, String nodeType) {}

    private final Path classesRoot;

    private TestPluginFolders(Path classesRoot) {
        this.classesRoot = classesRoot;
    }

    /** Compiles every plugin under {@code build}: each is module {@code test.plugin.{id}}. */
    static TestPluginFolders compile(Path build, Plugin... plugins) throws IOException, URISyntaxException {
        ToolProvider javac = ToolProvider.findFirst("javac")
                .orElseThrow(
                        () -> new AssertionError("javac is needed to build the test plugins: run the tests on a JDK"));
        for (Plugin plugin : plugins) {
            Path sources = Files.createDirectories(build.resolve("src").resolve(plugin.id()));
            Path pkg = Files.createDirectories(sources.resolve("test/plugin").resolve(plugin.id()));
            List<Path> files = new ArrayList<>();
            files.add(Files.writeString(sources.resolve("module-info.java"), """
                    module test.plugin.%1$s {
                        requires productscanner.spi;
                        provides io.productscanner.spi.PlatformPlugin with test.plugin.%1$s.Plugin;
                    }
                    """.formatted(plugin.id())));
            files.add(Files.writeString(pkg.resolve("Plugin.java"), """
                    package test.plugin.%1$s;

                    import io.productscanner.spi.*;
                    import java.net.URI;
                    import java.util.List;

                    public final class Plugin implements PlatformPlugin {
                        public Plugin() {
                            System.setProperty("%2$s", "true");
                        }
                        public String id() { return "%1$s"; }
                        public PluginKind kind() { return PluginKind.%3$s; }
                        public boolean matches(URI url) { return url.getHost().equals("%1$s.test"); }
                        public String productId(URI url) { return url.getPath().substring(1); }
                        public URI canonicalUrl(String id) { return URI.create("https://%1$s.test/" + id); }
                        public ProductScanner createScanner(PluginContext context) {
                            throw new UnsupportedOperationException("not scanned here");
                        }
                        public List<WorkflowNodeType> nodeTypes() {
                            return %4$s;
                        }
                    }
                    """.formatted(
                            plugin.id(),
                            instantiated(plugin.id()),
                            plugin.kind(),
                            plugin.nodeType() == null ? "List.of()" : "List.of(new Step())")));
            if (plugin.nodeType() != null) {
                files.add(Files.writeString(pkg.resolve("Step.java"), """
                        package test.plugin.%s;

                        import io.productscanner.spi.*;

                        final class Step implements WorkflowNodeType {
                            public String name() { return "%s"; }
                            public void run(NodeRun run) {}
                        }
                        """.formatted(plugin.id(), plugin.nodeType())));
            }
            List<String> args = new ArrayList<>(List.of(
                    "--module-path",
                    spiLocation().toString(),
                    "--module-version",
                    MODULE_VERSION,
                    "-d",
                    build.resolve("classes").resolve(plugin.id()).toString()));
            files.forEach(file -> args.add(file.toString()));
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(errors, true, StandardCharsets.UTF_8);
            assertEquals(0, javac.run(out, out, args.toArray(String[]::new)), errors.toString(StandardCharsets.UTF_8));
        }
        return new TestPluginFolders(build.resolve("classes"));
    }

    /** The system property a plugin's constructor sets: it was instantiated, so its folder was loaded. */
    static String instantiated(String id) {
        return "test.plugin." + id + ".instantiated";
    }

    /** Clears every plugin's {@link #instantiated} mark. */
    static void forgetInstantiations(String... ids) {
        for (String id : ids) {
            System.clearProperty(instantiated(id));
        }
    }

    /** {@code pluginDir/folder/{id}-plugin.jar}, built for this runtime's SPI. */
    Path write(Path pluginDir, String folder, String id) {
        Path classes = classesRoot.resolve(id);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .putValue(SpiVersion.MANIFEST_ATTRIBUTE, SpiVersion.current().toString());
        try {
            Path dir = Files.createDirectories(pluginDir.resolve(folder));
            try (OutputStream file = Files.newOutputStream(dir.resolve(id + "-plugin.jar"));
                    JarOutputStream jar = new JarOutputStream(file, manifest);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path classFile :
                        files.filter(Files::isRegularFile).sorted().toList()) {
                    jar.putNextEntry(new JarEntry(
                            classes.relativize(classFile).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(classFile));
                    jar.closeEntry();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path spiLocation() throws URISyntaxException {
        return Path.of(PlatformPlugin.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }
}
