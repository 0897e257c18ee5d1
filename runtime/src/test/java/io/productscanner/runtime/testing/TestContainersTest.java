package io.productscanner.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.productscanner.runtime.redis.RedisConnections;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * The container path really runs where it is chosen, and is chosen where it must be: under
 * {@code TEST_CONTAINERS=required} (CI) a server outside a container fails here. Proof that a server runs in its
 * container: the server that answers on the test's port is the one a command inside the container reaches (same
 * Redis run id, same Postgres system identifier), it is the container's first process or answers from the
 * container's address, and Docker maps that port to it. Proof of the local path: the server is a process on this
 * host.
 */
class TestContainersTest {

    @Test
    void redisRunsInItsContainerWhereChosenAndAsALocalProcessElsewhere() throws Exception {
        try (ProductionLikeRedis redis = ProductionLikeRedis.start();
                RedisConnections client = RedisConnections.connect(redis.uri())) {
            Map<String, String> server = fields(client.commands().info("server"));
            assertTrue(server.get("redis_version").startsWith("7.") || !redis.inContainer(), server.toString());
            if (TestContainers.mode() == TestContainers.Mode.REQUIRED) {
                assertTrue(redis.inContainer(), "TEST_CONTAINERS=required, yet " + redis.where());
            }
            if (redis.inContainer()) {
                GenericContainer<?> container = redis.container().orElseThrow();
                ExecResult inside = container.execInContainer(
                        "sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli INFO server");
                assertEquals(0, inside.getExitCode(), inside.getStderr());
                assertEquals(
                        fields(inside.getStdout()).get("run_id"),
                        server.get("run_id"),
                        "the test's connection reaches the redis-server inside " + redis.where());
                assertEquals("1", server.get("process_id"), "redis-server is the container's first process");
                assertMappedTo(container, 6379, redis.port());
                assertEquals("yes", configured(client, "appendonly"), "append-only, as in production");
                assertEquals("noeviction", configured(client, "maxmemory-policy"));
            } else {
                assertNotEquals(TestContainers.Mode.REQUIRED, TestContainers.mode());
                long pid = Long.parseLong(server.get("process_id"));
                String command = ProcessHandle.of(pid)
                        .flatMap(process -> process.info().command())
                        .orElseThrow(() -> new AssertionError("no local process " + pid + " for " + redis.where()));
                // Debian's redis-server is a link to redis-check-rdb: compare where both lead
                assertEquals(
                        Path.of(server.get("executable")).toRealPath(),
                        Path.of(command).toRealPath(),
                        "the local redis-server answers");
            }
        }
    }

    @Test
    void postgresRunsInItsContainerWhereChosenAndAsALocalProcessElsewhere() throws Exception {
        try (TestPostgres postgres = TestPostgres.start();
                Connection connection = TestPostgres.connect(postgres.database());
                Statement statement = connection.createStatement()) {
            String version = single(statement, "SELECT version()");
            if (TestContainers.mode() == TestContainers.Mode.REQUIRED) {
                assertTrue(postgres.container().isPresent(), "TEST_CONTAINERS=required, yet a local Postgres");
            }
            if (postgres.container().isPresent()) {
                GenericContainer<?> container = postgres.container().get();
                assertTrue(version.startsWith("PostgreSQL 15."), version);
                String identifier = "SELECT system_identifier FROM pg_control_system()";
                ExecResult inside = container.execInContainer("psql", "-U", "postgres", "-tAc", identifier);
                assertEquals(0, inside.getExitCode(), inside.getStderr());
                assertEquals(
                        inside.getStdout().strip(),
                        single(statement, identifier),
                        "the test's connection reaches the cluster inside the container");
                String serverAddress = single(statement, "SELECT host(inet_server_addr())");
                assertFalse(
                        InetAddress.getByName(serverAddress).isLoopbackAddress(),
                        "answered on the container's own address, not the host's loopback: " + serverAddress);
                assertMappedTo(container, 5432, postgres.port());
            } else {
                assertNotEquals(TestContainers.Mode.REQUIRED, TestContainers.mode());
                long pid = Long.parseLong(single(statement, "SELECT pg_backend_pid()"));
                assertTrue(ProcessHandle.of(pid).isPresent(), "the backend is a process on this host: " + pid);
            }
        }
    }

    @Test
    void theModeIsOneOfThreeWordsAndAnythingElseIsRefusedByName() {
        assertEquals(TestContainers.Mode.REQUIRED, TestContainers.Mode.parse(" Required ", "TEST_CONTAINERS"));
        assertEquals(TestContainers.Mode.OFF, TestContainers.Mode.parse("off", "TEST_CONTAINERS"));
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> TestContainers.Mode.parse("yes", "TEST_CONTAINERS"));
        assertEquals("TEST_CONTAINERS=yes: expected off, auto or required", refused.getMessage());
    }

    /** Docker publishes the container's port on the host's loopback, at the port the test connects to. */
    private static void assertMappedTo(GenericContainer<?> container, int containerPort, int hostPort) {
        Ports.Binding[] bindings = container
                .getContainerInfo()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(containerPort));
        assertEquals(1, bindings.length);
        assertEquals("127.0.0.1", bindings[0].getHostIp());
        assertEquals(Integer.toString(hostPort), bindings[0].getHostPortSpec());
    }

    private static String configured(RedisConnections client, String parameter) {
        // CONFIG GET is refused on the locked-down local Redis, allowed on production's
        return client.commands().configGet(parameter).get(parameter);
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }

    private static Map<String, String> fields(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
