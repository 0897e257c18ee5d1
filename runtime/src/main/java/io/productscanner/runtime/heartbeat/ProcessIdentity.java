package io.productscanner.runtime.heartbeat;

import io.productscanner.runtime.version.ProductVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What stays the same in every heartbeat of one process.
 *
 * @param service   {@code SERVICE_NAME}, which also names the heartbeat key
 * @param role      {@code all}, {@code api} or {@code worker}
 * @param platforms the queues the process's workers serve; empty for the API alone
 * @param version   the build it runs ({@link ProductVersion#describe()})
 * @param plugins   the plugins it loaded
 */
public record ProcessIdentity(
        String service,
        String role,
        List<String> platforms,
        String hostname,
        long pid,
        Instant startedAt,
        String version,
        List<PluginVersion> plugins) {
    public ProcessIdentity {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(version, "version");
        platforms = List.copyOf(platforms);
        plugins = List.copyOf(plugins);
    }

    /** This JVM: its host, pid, start time and build. */
    public static ProcessIdentity thisProcess(
            String service, String role, List<String> platforms, List<PluginVersion> plugins) {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseGet(Instant::now);
        return new ProcessIdentity(
                service,
                role,
                platforms,
                localHostname(),
                self.pid(),
                started,
                ProductVersion.current().describe(),
                plugins);
    }

    /** Docker sets {@code HOSTNAME} to the container id, which is what an operator looks for. */
    private static String localHostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
