package io.productscanner.runtime.testing;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.productscanner.runtime.redis.RedisBinary;
import io.productscanner.runtime.redis.RedisPassword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis primary with replicas, watched by Sentinels, as an operator runs one for failover: every node its own
 * {@code redis-server} process on a free loopback port (the system's binary, append-only every second as
 * production; sentinels as {@code redis-server sentinel.conf --sentinel}), quick to notice a death (down after
 * 1 s, quorum 2). Clients reach it through {@link #sentinelUrl()}, Lettuce's {@code redis-sentinel://} form, and
 * tests break it: {@link #killPrimary()} (SIGKILL), {@link #pauseReplicas()} (replicas cut off and stopped, so the
 * primary acknowledges writes no replica has), {@link #restartKilled()} (the dead node back, which the sentinels
 * turn into a replica of the new primary).
 *
 * <p>Skips the test (an assumption) where there is no system {@code redis-server}: the one bundled in the
 * embedded-redis artifact is not used for this.
 */
public final class SentinelRedis implements AutoCloseable {
    /** The name the sentinels know the group by: the fragment of {@link #sentinelUrl()}. */
    public static final String MASTER_NAME = "mymaster";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final Path binary;
    private final Path root;
    private final Optional<String> password;
    /** The sentinels' own {@code requirepass}, if they ask for one. */
    private final Optional<String> sentinelPassword;

    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> sentinels = new ArrayList<>();
    private final List<Node> killed = new ArrayList<>();
    private final List<Node> paused = new ArrayList<>();
    private final RedisClient client;
    private final Thread killOnExit;

    /** An address as the sentinels give it. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private SentinelRedis(Path binary, Path root, Optional<String> password, Optional<String> sentinelPassword) {
        this.binary = binary;
        this.root = root;
        this.password = password;
        this.sentinelPassword = sentinelPassword;
        this.client = RedisClient.create();
        // short timeouts: a fixture must never wait long on a node the test has killed or stopped
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(1))
                        .build())
                .build());
        // a test that dies on the way must not leave redis-servers behind
        this.killOnExit = new Thread(this::killAll, "sentinel-redis-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a primary, {@code replicas} replicas and {@code sentinels} sentinels, and returns once every replica
     * is in sync and every sentinel knows all replicas and the other sentinels (so a failover can start at once).
     *
     * @param withPassword {@code requirepass} and {@code masterauth} on the data nodes, {@code auth-pass} in the
     *                     sentinels (the sentinels themselves take no password: Lettuce sends the URL's password to
     *                     the data nodes only)
     */
    public static SentinelRedis start(int replicas, int sentinels, boolean withPassword) throws IOException {
        return start(replicas, sentinels, withPassword, false);
    }

    /**
     * As {@link #start(int, int, boolean)}, with sentinels that ask for a password of their own when
     * {@code sentinelsWithPassword} ({@code requirepass} in their configuration, which they also use with each other).
     */
    public static SentinelRedis start(int replicas, int sentinels, boolean withPassword, boolean sentinelsWithPassword)
            throws IOException {
        if (sentinels < 2) {
            throw new IllegalArgumentException("a quorum of 2 needs at least 2 sentinels, got " + sentinels);
        }
        RedisBinary found = RedisBinary.choose(RedisBinary.AUTO, System.getenv("PATH"));
        Assumptions.assumeTrue(
                found.source() == RedisBinary.Source.SYSTEM, "no system redis-server on the PATH to run Sentinel with");
        Path root = Files.createTempDirectory("sentinel-redis-");
        SentinelRedis group = new SentinelRedis(
                found.executable(),
                root,
                withPassword ? Optional.of(RedisPassword.generate()) : Optional.empty(),
                sentinelsWithPassword ? Optional.of(RedisPassword.generate()) : Optional.empty());
        try {
            Node primary = group.startDataNode("primary", Optional.empty());
            for (int i = 1; i <= replicas; i++) {
                group.startDataNode("replica-" + i, Optional.of(primary.port));
            }
            for (Node replica : group.nodes.subList(1, group.nodes.size())) {
                group.awaitInSync(replica);
            }
            for (int i = 1; i <= sentinels; i++) {
                group.startSentinel("sentinel-" + i, primary.port);
            }
            group.awaitSentinelsKnowEachOther(replicas);
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://[password@]127.0.0.1:s1,...#mymaster}, for {@code REDIS_URL}. */
    public String sentinelUrl() {
        String hosts = sentinels.stream().map(s -> LOOPBACK + ":" + s.port).collect(Collectors.joining(","));
        return "redis-sentinel://" + password.map(p -> p + "@").orElse("") + hosts + "#" + MASTER_NAME;
    }

    /** {@code redis://[password@]127.0.0.1:port} of the primary the sentinels name now. */
    public String primaryUrl() {
        return "redis://" + password.map(p -> p + "@").orElse("") + currentPrimary();
    }

    public Optional<String> password() {
        return password;
    }

    /** What the sentinels ask for ({@code REDIS_SENTINEL_PASSWORD}); empty when they ask for nothing. */
    public Optional<String> sentinelPassword() {
        return sentinelPassword;
    }

    /** The primary, as the first sentinel that answers says ({@code SENTINEL get-master-addr-by-name}). */
    public Address currentPrimary() {
        RuntimeException last = null;
        for (Node sentinel : sentinels) {
            try {
                return askSentinel(sentinel, commands -> {
                    InetSocketAddress address =
                            (InetSocketAddress) commands.sync().getMasterAddrByName(MASTER_NAME);
                    return new Address(address.getHostString(), address.getPort());
                });
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no sentinel answered", last);
    }

    /** SIGKILLs the current primary (no append-only flush, no goodbye to clients) and returns where it was. */
    public Address killPrimary() {
        Address primary = currentPrimary();
        Node node = dataNodeOn(primary.port());
        node.process.destroyForcibly();
        try {
            node.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killed.add(node);
        return primary;
    }

    /**
     * Replication lag, as in an outage: the primary drops its replicas' links ({@code CLIENT KILL TYPE replica})
     * while they are stopped (SIGSTOP), so whatever the primary acknowledges from now on is on no replica until
     * {@link #resumeReplicas()}. (Stopping them alone is not enough: the kernel keeps receiving the replication
     * stream into their sockets, and they would apply it on waking.)
     */
    public void pauseReplicas() {
        Address primary = currentPrimary();
        List<Node> replicas = nodes.stream()
                .filter(n -> n.port != primary.port() && n.process.isAlive())
                .toList();
        for (Node replica : replicas) {
            signal(replica, "STOP");
            paused.add(replica);
        }
        onDataNode(dataNodeOn(primary.port()), c -> c.sync().clientKill(KillArgs.Builder.typeSlave()));
    }

    /** SIGCONTs the replicas {@link #pauseReplicas()} stopped; they reconnect to whichever primary there is. */
    public void resumeReplicas() {
        for (Node replica : paused) {
            signal(replica, "CONT");
        }
        paused.clear();
    }

    /**
     * Waits until every sentinel names the same primary, other than {@code previous}, and that node answers as a
     * primary: a node restarted before then could be named by a sentinel that has not heard of the switch yet.
     *
     * @return the new primary
     */
    public Address awaitFailover(Address previous, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                Address now = currentPrimary();
                List<Address> named = sentinels.stream()
                        .map(sentinel -> askSentinel(sentinel, c -> {
                            InetSocketAddress address =
                                    (InetSocketAddress) c.sync().getMasterAddrByName(MASTER_NAME);
                            return new Address(address.getHostString(), address.getPort());
                        }))
                        .toList();
                if (named.stream().anyMatch(address -> !address.equals(now))) {
                    last = "sentinels disagree: " + named;
                } else if (!now.equals(previous)) {
                    String role = onDataNode(
                            dataNodeOn(now.port()), c -> c.sync().role().get(0).toString());
                    if (role.equals("master")) {
                        return now;
                    }
                    last = now + " answers ROLE " + role;
                } else {
                    last = "sentinels still name " + now;
                }
            } catch (RuntimeException e) {
                last = e.toString();
            }
            sleep(100);
        }
        throw new IllegalStateException(
                "no failover from " + previous + " within " + timeout.toMillis() + " ms (" + last + ")\n" + logs());
    }

    /**
     * Starts the killed nodes again (same port and data) as replicas of the primary the sentinels name, as a
     * supervisor should restart them (the Kubernetes overlay's start script does the same): started with its old
     * configuration, a former primary would take writes as a primary of its own until a sentinel notices it
     * (seconds), and a client or a resumed replica reaching it then would lose them when it is made a replica.
     */
    public void restartKilled() throws IOException {
        Address primary = currentPrimary();
        for (Node node : killed) {
            String config = Files.readAllLines(node.config(), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("replicaof "))
                    .reduce("", (all, line) -> all + line + "\n");
            Files.writeString(node.config(), config + "replicaof 127.0.0.1 " + primary.port() + "\n");
            node.start();
            awaitPing(node);
        }
        killed.clear();
    }

    /**
     * Waits until the primary has a replica in sync again (after a failover the others resync from it, a full copy
     * for a former primary), so writes can be confirmed by a replica again; returns when.
     */
    public Instant awaitReplicaInSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = onDataNode(
                        dataNodeOn(currentPrimary().port()), c -> c.sync().info("replication"));
                if (last.contains("state=online")) {
                    return Instant.now();
                }
            } catch (RuntimeException e) {
                last = e.toString();
            }
            sleep(100);
        }
        throw new IllegalStateException("no replica in sync within " + timeout.toMillis() + " ms:\n" + last);
    }

    /** The data nodes that run (not killed), primary or replica. */
    public int runningDataNodes() {
        return (int) nodes.stream().filter(n -> n.process.isAlive()).count();
    }

    /** The last lines of every node's log, for failure messages. */
    public String logs() {
        StringBuilder all = new StringBuilder();
        for (Node node : Stream.concat(nodes.stream(), sentinels.stream()).toList()) {
            all.append("--- ")
                    .append(node.name)
                    .append(" (port ")
                    .append(node.port)
                    .append(")\n");
            try {
                List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 100), lines.size())
                        .forEach(line -> all.append(line).append('\n'));
            } catch (IOException e) {
                all.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        killAll();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
            System.err.println("sentinel redis: could not delete " + root + ": " + e.getMessage());
        }
    }

    private void killAll() {
        for (Node node : Stream.concat(sentinels.stream(), nodes.stream()).toList()) {
            if (node.process != null && node.process.isAlive()) {
                // a stopped process takes SIGKILL too
                node.process.destroyForcibly();
            }
        }
    }

    private Node startDataNode(String name, Optional<Integer> primaryPort) throws IOException {
        Node node = new Node(name, freePort(), root.resolve(name), false);
        Files.createDirectories(node.dir);
        StringBuilder config = new StringBuilder()
                .append("port ")
                .append(node.port)
                .append('\n')
                .append("bind 127.0.0.1\n")
                .append("dir ")
                .append(node.dir.toAbsolutePath())
                .append('\n')
                .append("appendonly yes\nappendfsync everysec\nsave \"\"\n")
                .append("maxmemory-policy noeviction\n");
        password.ifPresent(p -> config.append("requirepass ")
                .append(p)
                .append('\n')
                .append("masterauth ")
                .append(p)
                .append('\n'));
        primaryPort.ifPresent(
                p -> config.append("replicaof 127.0.0.1 ").append(p).append('\n'));
        Files.writeString(node.config(), config);
        nodes.add(node);
        node.start();
        awaitPing(node);
        return node;
    }

    private void startSentinel(String name, int primaryPort) throws IOException {
        Node node = new Node(name, freePort(), root.resolve(name), true);
        Files.createDirectories(node.dir);
        StringBuilder config = new StringBuilder()
                .append("port ")
                .append(node.port)
                .append('\n')
                .append("bind 127.0.0.1\n")
                .append("dir ")
                .append(node.dir.toAbsolutePath())
                .append('\n')
                .append("sentinel monitor " + MASTER_NAME + " 127.0.0.1 ")
                .append(primaryPort)
                .append(" 2\n")
                // quick: a primary silent for 1 s is down; a failover that stalls is retried after 2 x 3 s
                .append("sentinel down-after-milliseconds " + MASTER_NAME + " 1000\n")
                .append("sentinel failover-timeout " + MASTER_NAME + " 3000\n")
                .append("sentinel parallel-syncs " + MASTER_NAME + " 1\n");
        password.ifPresent(p -> config.append("sentinel auth-pass " + MASTER_NAME + " ")
                .append(p)
                .append('\n'));
        sentinelPassword.ifPresent(p -> config.append("requirepass ").append(p).append('\n'));
        Files.writeString(node.config(), config);
        sentinels.add(node);
        node.start();
        awaitReady(node, () -> askSentinel(node, c -> c.sync().ping()));
    }

    private void awaitInSync(Node replica) throws IOException {
        awaitReady(replica, () -> {
            String info = onDataNode(replica, c -> c.sync().info("replication"));
            if (!info.contains("master_link_status:up")) {
                throw new IllegalStateException("not in sync yet");
            }
            return info;
        });
    }

    private void awaitSentinelsKnowEachOther(int replicas) throws IOException {
        for (Node sentinel : sentinels) {
            awaitReady(
                    sentinel,
                    () -> askSentinel(sentinel, c -> {
                        Map<String, String> master = c.sync().master(MASTER_NAME);
                        if (Integer.parseInt(master.get("num-slaves")) < replicas
                                || Integer.parseInt(master.get("num-other-sentinels")) < sentinels.size() - 1) {
                            throw new IllegalStateException("sentinel sees " + master);
                        }
                        return master;
                    }));
        }
    }

    private void awaitPing(Node node) throws IOException {
        awaitReady(node, () -> onDataNode(node, c -> c.sync().ping()));
    }

    private void awaitReady(Node node, Supplier<?> probe) throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        RuntimeException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!node.process.isAlive()) {
                throw new IOException(node.name + " exited (" + node.process.exitValue() + ")\n" + logs());
            }
            try {
                probe.get();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(50);
        }
        throw new IOException(
                node.name + " not ready within " + READY_TIMEOUT_MILLIS + " ms: " + last + "\n" + logs(), last);
    }

    private Node dataNodeOn(int port) {
        return nodes.stream()
                .filter(n -> n.port == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no data node on port " + port));
    }

    private <T> T onDataNode(Node node, Function<StatefulRedisConnection<String, String>, T> call) {
        RedisURI.Builder uri =
                RedisURI.builder().withHost(LOOPBACK).withPort(node.port).withTimeout(COMMAND_TIMEOUT);
        password.ifPresent(p -> uri.withPassword(p.toCharArray()));
        try (StatefulRedisConnection<String, String> connection = client.connect(uri.build())) {
            return call.apply(connection);
        }
    }

    private <T> T askSentinel(Node sentinel, Function<StatefulRedisSentinelConnection<String, String>, T> call) {
        RedisURI.Builder uri =
                RedisURI.builder().withHost(LOOPBACK).withPort(sentinel.port).withTimeout(COMMAND_TIMEOUT);
        sentinelPassword.ifPresent(p -> uri.withPassword(p.toCharArray()));
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri.build())) {
            return call.apply(connection);
        }
    }

    private static void signal(Node node, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + node.name + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One redis-server process: its port, folder (configuration, append-only file, log) and, once started, it. */
    private final class Node {
        final String name;
        final int port;
        final Path dir;
        final boolean sentinel;
        Process process;

        Node(String name, int port, Path dir, boolean sentinel) {
            this.name = name;
            this.port = port;
            this.dir = dir;
            this.sentinel = sentinel;
        }

        Path config() {
            return dir.resolve(sentinel ? "sentinel.conf" : "redis.conf");
        }

        Path log() {
            return dir.resolve("redis.log");
        }

        void start() throws IOException {
            List<String> command = new ArrayList<>(
                    List.of(binary.toString(), config().toAbsolutePath().toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        }
    }
}
