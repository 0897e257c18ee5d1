package io.productscanner.runtime.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Version;
import io.productscanner.runtime.logging.LogEvent;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ResourceReaper;

/**
 * Whether a test's Redis 7 or Postgres runs in a container through Testcontainers or as the local server the tests
 * used before, decided once per JVM and server, and said in one log line ({@code event=test_containers.chosen}).
 *
 * <p>{@code TEST_CONTAINERS} (or {@code -Dtest.containers}) chooses: {@code auto} (the default) takes a container
 * where Docker answers and the image is there or can be pulled, else the local server; {@code required} fails the
 * test instead of falling back (CI, where Docker is expected); {@code off} keeps to the local servers. Images are
 * those the compose file names ({@code REDIS_IMAGE}, {@code POSTGRES_IMAGE}, upstream names by default), which
 * {@code scripts/build-images.sh} builds from Debian where no registry can be reached.
 *
 * <p>Every container is named {@code product-scanner-test-<server>-<id>} and labelled {@value #LABEL} (the server)
 * and {@value #OWNER_LABEL} (host, process id and start of the JVM that made it). The fixture that started one
 * removes it when its test class ends, a shutdown hook removes what is left when the JVM exits, and the first
 * container of a JVM removes those whose JVM is gone (killed before it could). Testcontainers' own reaper, Ryuk,
 * runs too where its image can be had; where it cannot, it is turned off here rather than failing every start.
 */
public final class TestContainers {
    private static final System.Logger LOG = System.getLogger(TestContainers.class.getName());

    /** What runs in a labelled container: {@code redis}, {@code postgres}. */
    public static final String LABEL = "io.productscanner.test";
    /** {@code host/pid/start-millis} of the JVM that started the container. */
    public static final String OWNER_LABEL = "io.productscanner.test.owner";

    public static final String MODE_PROPERTY = "test.containers";
    public static final String MODE_VARIABLE = "TEST_CONTAINERS";

    // RyukContainer's image in Testcontainers 2.0.5; Ryuk itself cannot be asked for it before it starts
    private static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
    private static final long PULL_TIMEOUT_SECONDS = 120;

    private static final String OWNER = owner();
    private static final Map<String, Choice> CHOICES = new HashMap<>();
    private static final Set<GenericContainer<?>> RUNNING = ConcurrentHashMap.newKeySet();
    private static Docker docker;

    private TestContainers() {}

    public enum Mode {
        /** Local servers only. */
        OFF,
        /** A container where Docker and the image are there, else the local server. */
        AUTO,
        /** A container, or the test fails. */
        REQUIRED;

        static Mode parse(String value, String source) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + "=" + value + ": expected off, auto or required", e);
            }
        }
    }

    /**
     * Where a server runs.
     *
     * @param image  the image to run, or null for the local server
     * @param reason why, for the log line and for failure messages
     */
    public record Choice(DockerImageName image, String reason) {
        public boolean inContainer() {
            return image != null;
        }
    }

    /** The system property if set, else the environment variable, else {@code auto}. */
    public static Mode mode() {
        String property = System.getProperty(MODE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Mode.parse(property, "-D" + MODE_PROPERTY);
        }
        String variable = System.getenv(MODE_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Mode.parse(variable, MODE_VARIABLE);
        }
        return Mode.AUTO;
    }

    /**
     * Where {@code server} runs in this JVM: the image {@code imageVariable} names (else {@code defaultImage}) where
     * it can run, else the local server; under {@code required}, an {@link IllegalStateException} instead.
     */
    public static synchronized Choice choose(String server, String imageVariable, String defaultImage) {
        Choice choice = CHOICES.get(server);
        if (choice == null) {
            choice = decide(imageVariable, defaultImage);
            CHOICES.put(server, choice);
            LogEvent.info(
                    LOG,
                    "test_containers.chosen",
                    "server",
                    server,
                    "path",
                    choice.inContainer() ? "container" : "local",
                    "image",
                    choice.inContainer() ? choice.image().asCanonicalNameString() : null,
                    "mode",
                    mode().name().toLowerCase(Locale.ROOT),
                    "reason",
                    choice.reason());
        }
        if (!choice.inContainer() && mode() == Mode.REQUIRED) {
            throw new IllegalStateException(
                    MODE_VARIABLE + "=required, but " + server + " cannot run in a container: " + choice.reason());
        }
        return choice;
    }

    private static Choice decide(String imageVariable, String defaultImage) {
        Mode mode = mode();
        if (mode == Mode.OFF) {
            return new Choice(null, MODE_VARIABLE + "=off");
        }
        String configured = System.getenv(imageVariable);
        String image = configured == null || configured.isBlank() ? defaultImage : configured.strip();
        Docker found = docker();
        if (found.problem() != null) {
            return new Choice(null, found.problem());
        }
        Optional<String> missing = available(found.client(), image, " (scripts/build-images.sh builds it)");
        if (missing.isPresent()) {
            return new Choice(null, missing.get());
        }
        return new Choice(
                DockerImageName.parse(image),
                "Docker " + found.version() + " answers and " + image + " is there; " + found.ryuk());
    }

    /**
     * A container of {@code server}'s, named and labelled so that a leftover can be found and removed: {@code docker
     * ps -a --filter label=io.productscanner.test}.
     */
    public static <C extends GenericContainer<?>> C labelled(C container, String server) {
        container.withLabel(LABEL, server).withLabel(OWNER_LABEL, OWNER);
        String name = "product-scanner-test-" + server + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        container.withCreateContainerCmdModifier(command -> command.withName(name));
        return container;
    }

    /** Starts it; a shutdown hook removes it should the test not ({@link #remove}). */
    public static void start(GenericContainer<?> container) {
        RUNNING.add(container);
        try {
            container.start();
        } catch (RuntimeException e) {
            remove(container);
            throw e;
        }
    }

    /** Stops and removes it, with its volumes. */
    public static void remove(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            LogEvent.warn(LOG, "test_containers.remove_failed", "container", container.getContainerName(), "error", e);
        } finally {
            RUNNING.remove(container);
        }
    }

    /** The Docker client Testcontainers itself uses (valid once {@link #choose} said container). */
    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    private record Docker(DockerClient client, String version, String ryuk, String problem) {}

    /** Docker, probed once per JVM with a client of our own: Testcontainers' would start Ryuk before we can ask. */
    private static Docker docker() {
        if (docker != null) {
            return docker;
        }
        DockerClient client;
        Version version;
        try {
            client = DockerClientProviderStrategy.getClientForConfig(
                    DockerClientFactory.instance().getTransportConfig());
            version = client.versionCmd().exec();
        } catch (RuntimeException e) {
            docker = new Docker(null, null, null, "no Docker: " + e.getMessage());
            return docker;
        }
        String ryuk;
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            ryuk = "Ryuk off (TESTCONTAINERS_RYUK_DISABLED=true)";
        } else {
            Optional<String> missing = available(client, RYUK_IMAGE, "");
            if (missing.isEmpty()) {
                ryuk = "Ryuk on";
            } else {
                ryukOff();
                ryuk = "Ryuk off (" + missing.get() + ")";
            }
        }
        removeLeftovers(client);
        try {
            client();
        } catch (RuntimeException e) {
            docker = new Docker(null, null, null, "Testcontainers cannot use Docker: " + e.getMessage());
            return docker;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestContainers::removeRunning, "test-containers-remove"));
        docker = new Docker(client, version.getVersion() + " (API " + version.getApiVersion() + ")", ryuk, null);
        return docker;
    }

    /** Empty when {@code image} is there or was pulled just now, else what is wrong (and {@code hint}). */
    private static Optional<String> available(DockerClient client, String image, String hint) {
        try {
            client.inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (NotFoundException notLocal) {
            // pulled below
        } catch (RuntimeException e) {
            return Optional.of("cannot inspect " + image + ": " + e.getMessage());
        }
        try (QuietPull pull = client.pullImageCmd(image).exec(new QuietPull())) {
            if (!pull.awaitCompletion(PULL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return Optional.of(image + " is not here and its pull took over " + PULL_TIMEOUT_SECONDS + " s");
            }
            if (pull.failure != null) {
                return Optional.of(image + " is neither here nor pullable" + hint + ": "
                        + pull.failure.getMessage().strip());
            }
            client.inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(image + " is not here and its pull was interrupted");
        } catch (Exception e) {
            return Optional.of(
                    image + " is neither here nor pullable (scripts/build-images.sh builds it): " + e.getMessage());
        }
    }

    /** A pull whose failure is kept for the caller instead of logged by docker-java as an error with a trace. */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (IOException e) {
                // closing a finished pull's stream: nothing left to release
            }
        }
    }

    /**
     * Testcontainers 2.0.5 reads {@code TESTCONTAINERS_RYUK_DISABLED} only from the environment, which a running JVM
     * cannot change: install the reaper that variable would choose (removal by a JVM shutdown hook), before anything
     * asks for Ryuk.
     */
    private static void ryukOff() {
        try {
            Field instance = ResourceReaper.class.getDeclaredField("instance");
            instance.setAccessible(true);
            Constructor<?> shutdownHookReaper = Class.forName("org.testcontainers.utility.JVMHookResourceReaper")
                    .getDeclaredConstructor();
            shutdownHookReaper.setAccessible(true);
            synchronized (ResourceReaper.class) {
                if (instance.get(null) == null) {
                    instance.set(null, shutdownHookReaper.newInstance());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "Ryuk's image cannot be had, and this Testcontainers version cannot be told to run without it"
                            + " from inside the JVM: set TESTCONTAINERS_RYUK_DISABLED=true",
                    e);
        }
    }

    /** Containers of JVMs on this host that are gone: they were killed before they could remove them. */
    private static void removeLeftovers(DockerClient client) {
        List<Container> labelled;
        try {
            labelled = client.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(List.of(OWNER_LABEL))
                    .exec();
        } catch (RuntimeException e) {
            LogEvent.warn(LOG, "test_containers.leftovers_unlisted", "error", e.getMessage());
            return;
        }
        for (Container container : labelled) {
            String owner = container.getLabels().get(OWNER_LABEL);
            if (owner != null && ownerIsGone(owner)) {
                try {
                    client.removeContainerCmd(container.getId())
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec();
                    LogEvent.info(
                            LOG,
                            "test_containers.leftover_removed",
                            "container",
                            String.join(",", container.getNames()),
                            "owner",
                            owner);
                } catch (RuntimeException e) {
                    LogEvent.warn(LOG, "test_containers.leftover_kept", "container", container.getId(), "error", e);
                }
            }
        }
    }

    private static boolean ownerIsGone(String owner) {
        String[] parts = owner.split("/");
        if (parts.length != 3 || !parts[0].equals(host())) {
            return false; // another host's, or not ours to judge
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long started = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid)
                    .map(process -> startMillis(process) != started)
                    .orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void removeRunning() {
        for (GenericContainer<?> container : List.copyOf(RUNNING)) {
            remove(container);
        }
    }

    private static String owner() {
        ProcessHandle self = ProcessHandle.current();
        return host() + "/" + self.pid() + "/" + startMillis(self);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    private static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        }
    }
}
