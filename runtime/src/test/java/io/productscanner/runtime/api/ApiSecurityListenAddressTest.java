package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helidon.logging.common.LogConfig;
import io.productscanner.runtime.ScannerProcess;
import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the API listens: loopback without a token unless told otherwise, and an explicit HOST always wins. */
class ApiSecurityListenAddressTest {
    @TempDir
    Path root;

    @Test
    void withoutATokenTheApiStaysOnLoopback() {
        assertEquals("127.0.0.1", ListenAddress.choose(Optional.empty(), false, false));
    }

    @Test
    void aTokenOrAnExplicitOptInOpensEveryInterface() {
        assertEquals("0.0.0.0", ListenAddress.choose(Optional.empty(), true, false));
        assertEquals("0.0.0.0", ListenAddress.choose(Optional.empty(), false, true));
        assertEquals("0.0.0.0", ListenAddress.choose(Optional.empty(), true, true));
    }

    @Test
    void anExplicitHostAlwaysWins() {
        assertEquals("192.0.2.7", ListenAddress.choose(Optional.of("192.0.2.7"), false, false));
        assertEquals("0.0.0.0", ListenAddress.choose(Optional.of("0.0.0.0"), false, false));
        assertEquals("127.0.0.1", ListenAddress.choose(Optional.of("127.0.0.1"), true, true));
    }

    @Test
    void theSettingsFeedTheDecision() {
        assertEquals(
                "192.0.2.7",
                ApiAccess.from(Settings.of(Map.of("HOST", "192.0.2.7", "ALLOW_UNAUTHENTICATED", "true")))
                        .host());
        ApiAccess withToken = ApiAccess.from(Settings.of(
                Map.of("API_TOKEN", " t0k3n-of-sixteen-chars ", "ALLOW_UNAUTHENTICATED", "TRUE", "PORT", "8123")));
        assertEquals(Optional.of("t0k3n-of-sixteen-chars"), withToken.token());
        assertEquals(8123, withToken.port());
    }

    @Test
    void theBundledDefaultsSetNoHostSoOnlyAnExplicitOneCounts() {
        Optional<String> fromOutside = Optional.ofNullable(System.getenv("HOST"))
                .or(() -> Optional.ofNullable(System.getProperty("HOST")))
                .map(String::trim)
                .filter(host -> !host.isEmpty());

        assertEquals(fromOutside, Settings.of(Map.of()).optional(Setting.HOST));
    }

    @Test
    void allowUnauthenticatedTakesOnlyTrueOrFalse() {
        SettingsException e = assertThrows(
                SettingsException.class, () -> ApiAccess.from(Settings.of(Map.of("ALLOW_UNAUTHENTICATED", "yes"))));

        assertTrue(e.getMessage().contains("ALLOW_UNAUTHENTICATED='yes'"), e.getMessage());
    }

    @Test
    void aTokenThatCannotTravelInAHeaderStopsStartUp() {
        SettingsException e =
                assertThrows(SettingsException.class, () -> ApiAccess.from(Settings.of(Map.of("API_TOKEN", "토큰"))));

        assertTrue(e.getMessage().contains("API_TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("토큰"), "the token is never echoed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.7"})
    void anExplicitNetworkHostWithoutATokenStopsStartUpBeforeAnythingRuns(String host) {
        // REDIS_URL points nowhere: the refusal must come before any connection is tried
        Settings settings = Settings.of(Map.of(
                "HOST",
                host,
                "ALLOW_UNAUTHENTICATED",
                "false",
                "REDIS_URL",
                "redis://127.0.0.1:1",
                "PLUGIN_DIR",
                root.resolve("no-plugins").toString()));

        SettingsException e = assertThrows(
                SettingsException.class,
                () -> ScannerProcess.start(settings, ScannerProcess.Role.API).close());

        assertTrue(
                e.getMessage().contains("HOST=" + host)
                        && e.getMessage().contains("API_TOKEN")
                        && e.getMessage().contains("ALLOW_UNAUTHENTICATED=true"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1"})
    void aLoopbackHostNeedsNoToken(String host) {
        assertEquals(
                host,
                ApiAccess.from(Settings.of(Map.of("HOST", host, "ALLOW_UNAUTHENTICATED", "false")))
                        .host());
    }

    @Test
    void aNetworkHostWithoutATokenStartsWhenAllowedAndWarns() throws Exception {
        assumeTrue(Settings.of(Map.of()).raw("API_TOKEN").isEmpty(), "API_TOKEN is set in this environment");

        try (LogCapture log = new LogCapture();
                InProcessApi api = InProcessApi.start(
                        root, Settings.of(Map.of("PORT", "0", "HOST", "0.0.0.0", "ALLOW_UNAUTHENTICATED", "true")))) {
            assertEquals(200, api.get("/api/v2/platforms").statusCode());
            LogRecord line = log.listening();
            assertEquals(Level.WARNING, line.getLevel());
            assertTrue(line.getMessage().contains("anyone who reaches this address"), line.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "fifteen-chars-x"})
    void aTokenShorterThanSixteenCharactersStopsStartUp(String token) {
        Settings settings = Settings.of(Map.of(
                "API_TOKEN",
                token,
                "REDIS_URL",
                "redis://127.0.0.1:1",
                "PLUGIN_DIR",
                root.resolve("no-plugins").toString()));

        SettingsException e = assertThrows(
                SettingsException.class,
                () -> ScannerProcess.start(settings, ScannerProcess.Role.ALL).close());

        assertTrue(
                e.getMessage().contains("API_TOKEN is " + token.length() + " characters long")
                        && e.getMessage().contains("at least 16"),
                e.getMessage());
        assertFalse(e.getMessage().contains(token), "the token is never echoed");
    }

    @Test
    void aTokenWithABlankInsideStopsStartUp() {
        Settings settings = Settings.of(Map.of(
                "API_TOKEN",
                "sixteen-chars and more",
                "REDIS_URL",
                "redis://127.0.0.1:1",
                "PLUGIN_DIR",
                root.resolve("no-plugins").toString()));

        SettingsException e = assertThrows(
                SettingsException.class,
                () -> ScannerProcess.start(settings, ScannerProcess.Role.API).close());

        assertTrue(e.getMessage().contains("API_TOKEN must be printable ASCII without spaces"), e.getMessage());
    }

    @Test
    void aWorkerNeedsNoApiSettings() {
        // a worker runs no API: its metrics listener follows HOST without a token, as before
        Settings settings = Settings.of(Map.of(
                "HOST",
                "0.0.0.0",
                "API_TOKEN",
                "short",
                "REDIS_URL",
                "redis://127.0.0.1:1",
                "PLUGIN_DIR",
                root.resolve("no-plugins").toString()));

        Exception e = assertThrows(
                Exception.class,
                () -> ScannerProcess.start(settings, ScannerProcess.Role.WORKER).close());

        assertFalse(e instanceof SettingsException, e.toString());
    }

    @Test
    void loopbackNamesAreRecognised() {
        assertTrue(ListenAddress.isLoopback("127.0.0.1"));
        assertTrue(ListenAddress.isLoopback("::1"));
        assertFalse(ListenAddress.isLoopback("0.0.0.0"));
        assertFalse(ListenAddress.isLoopback("192.0.2.7"));
    }

    @Test
    void aServerStartedWithoutATokenCannotBeReachedFromAnotherInterfaceAndSaysSo() throws Exception {
        assumeTrue(
                Settings.of(Map.of()).raw("HOST").isEmpty()
                        && Settings.of(Map.of()).raw("API_TOKEN").isEmpty(),
                "HOST or API_TOKEN is set in this environment");
        InetAddress external = nonLoopbackAddress();

        try (LogCapture log = new LogCapture();
                InProcessApi api =
                        InProcessApi.start(root, Settings.of(Map.of("PORT", "0", "ALLOW_UNAUTHENTICATED", "false")))) {
            assertTrue(reachable(InetAddress.getLoopbackAddress(), api.port()));
            assertFalse(reachable(external, api.port()), "reachable on " + external);
            LogRecord line = log.listening();
            assertEquals(Level.WARNING, line.getLevel());
            assertTrue(
                    line.getMessage().contains("host=127.0.0.1")
                            && line.getMessage().contains("auth=none"),
                    line.getMessage());
        }
    }

    @Test
    void aServerWithATokenListensOnEveryInterface() throws Exception {
        assumeTrue(Settings.of(Map.of()).raw("HOST").isEmpty(), "HOST is set in this environment");
        InetAddress external = nonLoopbackAddress();

        try (LogCapture log = new LogCapture();
                InProcessApi api = InProcessApi.start(
                        root, Settings.of(Map.of("PORT", "0", "API_TOKEN", "t0k3n-of-sixteen-chars")))) {
            assertTrue(reachable(external, api.port()), "not reachable on " + external);
            assertEquals(401, api.get("/api/v2/workflows").statusCode());
            LogRecord line = log.listening();
            assertEquals(Level.INFO, line.getLevel());
            assertTrue(
                    line.getMessage().contains("host=0.0.0.0")
                            && line.getMessage().contains("auth=bearer"),
                    line.getMessage());
            assertFalse(line.getMessage().contains("t0k3n"), "the token is never logged");
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An IPv4 address of this machine other than loopback; the test is skipped on a machine without one. */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        Optional<InetAddress> address = NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        return address.get();
    }

    /** The records {@link ApiServer} logs while open. */
    private static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(ApiServer.class.getName());
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        LogCapture() {
            // Helidon's first start re-reads the logging configuration, which drops handlers added before it
            LogConfig.initClass();
            logger.addHandler(this);
        }

        LogRecord listening() {
            return records.stream()
                    .filter(r -> r.getMessage().startsWith("event=api.listening"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no api.listening line in " + records));
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
