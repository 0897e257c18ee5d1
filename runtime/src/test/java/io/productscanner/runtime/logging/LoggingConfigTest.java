package io.productscanner.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** LOG_LEVEL in the JDK's or other loggers' words, LOG_FORMAT text or json, SERVICE_NAME on every line. */
class LoggingConfigTest {
    @Test
    void levelsAreTakenInEitherVocabulary() {
        assertEquals(Level.FINE, level("debug"));
        assertEquals(Level.WARNING, level("WARN"));
        assertEquals(Level.WARNING, level("warning"));
        assertEquals(Level.SEVERE, level("ERROR"));
        assertEquals(Level.INFO, level("info"));
        assertEquals(Level.FINEST, level("FINEST"));
    }

    @Test
    void clientCommandsLogWarningsWhateverTheLevelSays() {
        assertEquals(
                Level.WARNING,
                LoggingConfig.from(Settings.of(Map.of("LOG_LEVEL", "chatty")), true)
                        .level());
    }

    @Test
    void anUnknownLevelOrFormatStopsStartUpNamingIt() {
        SettingsException level = assertThrows(
                SettingsException.class, () -> LoggingConfig.from(Settings.of(Map.of("LOG_LEVEL", "chatty")), false));
        assertTrue(level.getMessage().startsWith("LOG_LEVEL='chatty' is not valid"), level.getMessage());
        assertEquals(
                "LOG_FORMAT='xml' is not valid: must be text or json",
                assertThrows(
                                SettingsException.class,
                                () -> LoggingConfig.from(Settings.of(Map.of("LOG_FORMAT", "xml")), false))
                        .getMessage());
    }

    @Test
    void theFormatAndServiceAreRead() {
        LoggingConfig config =
                LoggingConfig.from(Settings.of(Map.of("LOG_FORMAT", "JSON", "SERVICE_NAME", "scanner-eu")), false);
        assertEquals(StructuredLogFormatter.Format.JSON, config.format());
        assertEquals("scanner-eu", config.service());
    }

    @Test
    void theAccessLogIsOnUnlessTurnedOff() {
        assertTrue(LoggingConfig.from(Settings.of(Map.of()), false).accessLog());
        assertFalse(LoggingConfig.from(Settings.of(Map.of("ACCESS_LOG", "off")), false)
                .accessLog());
        assertTrue(assertThrows(
                        SettingsException.class,
                        () -> LoggingConfig.from(Settings.of(Map.of("ACCESS_LOG", "maybe")), false))
                .getMessage()
                .contains("ACCESS_LOG"));
    }

    private static Level level(String name) {
        return LoggingConfig.from(Settings.of(Map.of("LOG_LEVEL", name)), false).level();
    }
}
