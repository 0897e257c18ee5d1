package io.productscanner.runtime.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.productscanner.runtime.catalog.CatalogDatabase;
import io.productscanner.runtime.catalog.CatalogPool;
import io.productscanner.runtime.catalog.CatalogPoolConfig;
import io.productscanner.runtime.config.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway PostgreSQL for one test class, with a database named {@code catalog_test} and the superuser
 * {@code postgres}: the Postgres production runs ({@code POSTGRES_IMAGE}, by default {@code postgres:15-bookworm})
 * in a container through Testcontainers where {@link TestContainers} says so, with a generated password, on a
 * loopback port; else a cluster from Debian's server binaries ({@code /usr/lib/postgresql/<version>/bin}): a
 * temporary data directory, a free loopback port, trust authentication. {@link #close()} stops it and deletes its
 * container or its files. Held in a {@code @RegisterExtension static final} field ({@link #perClass()}) it starts
 * before the class's first test and stops after its last.
 *
 * <p>Postgres refuses to run as root, so under root (as in CI) the local cluster runs as the {@code postgres} system
 * user, created when missing, through {@code runuser} (or {@code su} where runuser is absent).
 */
public final class TestPostgres implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Path DEBIAN_INSTALLS = Path.of("/usr/lib/postgresql");
    private static final String SERVER_USER = "postgres";
    private static final String DATABASE = "catalog_test";
    private static final int START_ATTEMPTS = 3;
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    /** The compose file's variable naming the image, and its default. */
    public static final String IMAGE_VARIABLE = "POSTGRES_IMAGE";

    public static final String DEFAULT_IMAGE = "postgres:15-bookworm";

    private final AtomicInteger databases = new AtomicInteger();
    private final Map<String, CatalogPool> pools = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopOnExit = new Thread(this::stopQuietly, "test-postgres-stop");
    private Path binaries;
    private Path directory;
    private Path dataDirectory;
    private Path commandOutput;
    private List<String> asServerUser;
    private int port;
    private PostgreSQLContainer container;
    private String password;

    private TestPostgres() {}

    /** Initialises and starts a cluster, and creates the {@code catalog_test} database; the caller closes it. */
    public static TestPostgres start() throws IOException, InterruptedException, SQLException {
        TestPostgres postgres = new TestPostgres();
        postgres.open();
        return postgres;
    }

    /** Started before the test class's first test and stopped after its last. */
    public static TestPostgres perClass() {
        return new TestPostgres();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException, SQLException {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void open() throws IOException, InterruptedException, SQLException {
        TestContainers.Choice choice = TestContainers.choose("postgres", IMAGE_VARIABLE, DEFAULT_IMAGE);
        if (choice.inContainer()) {
            openContainer(choice.image());
        } else {
            openLocal();
        }
    }

    private void openContainer(DockerImageName image) {
        password = UUID.randomUUID().toString();
        container = new PostgreSQLContainer(image.asCompatibleSubstituteFor("postgres"))
                .withUsername(SERVER_USER)
                .withPassword(password)
                .withDatabaseName(DATABASE)
                // loopback only, on a port Docker picks
                .withCreateContainerCmdModifier(command -> command.getHostConfig()
                        .withPortBindings(new PortBinding(
                                Ports.Binding.bindIp("127.0.0.1"),
                                ExposedPort.tcp(PostgreSQLContainer.POSTGRESQL_PORT))));
        TestContainers.start(TestContainers.labelled(container, "postgres"));
        port = container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    private void openLocal() throws IOException, InterruptedException, SQLException {
        boolean root = "0".equals(output(List.of("id", "-u")));
        if (root) {
            ensureServerUser();
        }
        binaries = findBinaries();
        asServerUser = root ? serverUserPrefix() : List.of();
        // under root the directory must be reachable by the server user: /tmp is, a root home might not be
        directory = root
                ? Files.createTempDirectory(Path.of("/tmp"), "test-postgres")
                : Files.createTempDirectory("test-postgres");
        dataDirectory = directory.resolve("data");
        commandOutput = Files.createTempFile("test-postgres", ".out");
        if (root) {
            Files.setOwner(
                    directory,
                    directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVER_USER));
        }
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            initialise();
            startServer();
            createDatabase(DATABASE);
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The {@code catalog_test} database, as the runtime's catalog settings would name it. */
    public CatalogDatabase database() {
        return new CatalogDatabase(jdbcUrl(DATABASE), SERVER_USER, password);
    }

    /** A new empty database, for a test that needs a clean slate. */
    public CatalogDatabase newDatabase() throws SQLException {
        String name = DATABASE + "_" + databases.incrementAndGet();
        createDatabase(name);
        return new CatalogDatabase(jdbcUrl(name), SERVER_USER, password);
    }

    /**
     * The catalog pool over {@code database} with the default settings, as a process would make it (without meters);
     * one per database, closed with this server.
     */
    public CatalogPool pool(CatalogDatabase database) {
        return pools.computeIfAbsent(database.jdbcUrl(), url -> pool(database, Map.of()));
    }

    /** A pool over {@code database} with the settings {@code CATALOG_*} given; the caller closes it. */
    public static CatalogPool pool(CatalogDatabase database, Map<String, String> settings) {
        return new CatalogPool(
                database, CatalogPoolConfig.from(Settings.of(settings)), (name, stats) -> new IMetricsTracker() {});
    }

    /** A connection of its own to {@code database}, outside any pool; the caller closes it. */
    public static Connection connect(CatalogDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    /** Runs statements in {@code database}, in order, each committed on its own. */
    public static void execute(CatalogDatabase database, String... statements) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public int port() {
        return port;
    }

    /** The container, when it runs in one. */
    public Optional<PostgreSQLContainer> container() {
        return Optional.ofNullable(container);
    }

    @Override
    public void close() {
        pools.values().forEach(CatalogPool::close);
        if (container != null) {
            TestContainers.remove(container);
            return;
        }
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or about to; it stops nothing twice
        }
    }

    private void stopQuietly() {
        if (directory == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                run(List.of(tool("pg_ctl"), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "stop"));
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("test-postgres: could not stop the server in " + directory + ": " + e.getMessage());
        }
        deleteRecursively(directory);
        deleteRecursively(commandOutput);
    }

    private void initialise() throws IOException, InterruptedException {
        run(List.of(
                tool("initdb"),
                "-D",
                dataDirectory.toString(),
                "-U",
                SERVER_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync"));
    }

    /** Starts on a free port; tries another when the port was taken between choosing and binding it. */
    private void startServer() throws IOException, InterruptedException {
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            String serverOptions = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + directory
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            try {
                run(List.of(
                        tool("pg_ctl"),
                        "-D",
                        dataDirectory.toString(),
                        "-l",
                        directory.resolve("server.log").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-o",
                        serverOptions,
                        "start"));
                return;
            } catch (IllegalStateException e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private void createDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SERVER_USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String tool(String name) {
        return binaries.resolve(name).toString();
    }

    /** Runs a server command as the server user; fails with its output and the server log. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asServerUser);
        if (!asServerUser.isEmpty() && asServerUser.getFirst().equals("su")) {
            // su takes one shell command line
            full.add(String.join(
                    " ", command.stream().map(TestPostgres::shellQuoted).toList()));
        } else {
            full.addAll(command);
        }
        // started in the cluster's own directory: Postgres' tools fail when they cannot read their working directory
        Process process = new ProcessBuilder(full)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(commandOutput.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + "s" + diagnostics());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " exited with " + process.exitValue() + diagnostics());
        }
    }

    private String diagnostics() throws IOException {
        Path serverLog = directory.resolve("server.log");
        return "\n--- output ---\n" + Files.readString(commandOutput, StandardCharsets.UTF_8)
                + (Files.exists(serverLog) ? "\n--- server.log ---\n" + Files.readString(serverLog) : "");
    }

    /** The newest installed server version, e.g. {@code /usr/lib/postgresql/17/bin}. */
    private static Path findBinaries() throws IOException {
        if (Files.isDirectory(DEBIAN_INSTALLS)) {
            try (Stream<Path> versions = Files.list(DEBIAN_INSTALLS)) {
                var newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin ->
                                Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(TestPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server found at " + DEBIAN_INSTALLS
                + "/*/bin/initdb; run scripts/install-test-prerequisites.sh (installs Debian's postgresql)");
    }

    private static int majorVersion(Path bin) {
        String version = bin.getParent().getFileName().toString();
        return version.matches("\\d+") ? Integer.parseInt(version) : -1;
    }

    private static void ensureServerUser() throws IOException, InterruptedException {
        if (exitCode(List.of("id", "-u", SERVER_USER)) != 0
                && exitCode(List.of(
                                "useradd",
                                "--system",
                                "--user-group",
                                "--no-create-home",
                                "--shell",
                                "/usr/sbin/nologin",
                                SERVER_USER))
                        != 0) {
            throw new IllegalStateException("running as root, and the system user '" + SERVER_USER
                    + "' to run PostgreSQL as is missing and could not be created with useradd");
        }
    }

    private static List<String> serverUserPrefix() throws IOException, InterruptedException {
        if (exitCode(List.of("sh", "-c", "command -v runuser")) == 0) {
            return List.of("runuser", "-u", SERVER_USER, "--");
        }
        return List.of("su", "-s", "/bin/sh", SERVER_USER, "-c");
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return text;
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor();
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless; the test outcome does not depend on it
            System.err.println("test-postgres: could not delete " + root + ": " + e.getMessage());
        }
    }
}
