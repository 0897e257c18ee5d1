package io.productscanner.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One Helidon Config over overrides, environment, system properties and application.yaml, read by name. */
class SettingsTest {
    private static final String PROPERTY = "SETTINGS_TEST_VALUE";

    @AfterEach
    void clearProperties() {
        System.clearProperty(PROPERTY);
        System.clearProperty("PATH");
        System.clearProperty("catalog.history-table");
    }

    @Test
    void applicationYamlHoldsTheDefaults() {
        assumeTrue(System.getenv("CATALOG_TABLE") == null, "CATALOG_TABLE is set in this environment");
        assertEquals("product_sets", Settings.of(Map.of()).string(Setting.CATALOG_TABLE));
        assertEquals(Duration.ofSeconds(15), Settings.of(Map.of()).millis(Setting.LOCK_TTL_MS));
    }

    @Test
    void anOverrideWinsOverASystemPropertyWhichWinsOverTheDefault() {
        System.setProperty(PROPERTY, "from a property");
        assertEquals(Optional.of("from a property"), Settings.of(Map.of()).raw(PROPERTY));
        assertEquals(
                Optional.of("explicit"),
                Settings.of(Map.of(PROPERTY, "explicit")).raw(PROPERTY));
    }

    @Test
    void theEnvironmentWinsOverASystemPropertyOfTheSameName() {
        String path = System.getenv("PATH");
        assumeTrue(path != null && !path.isBlank(), "no PATH in this environment");
        System.setProperty("PATH", "/from/a/property");
        assertEquals(Optional.of(path.trim()), Settings.of(Map.of()).raw("PATH"));
    }

    @Test
    void aSystemPropertyMayAlsoNameTheYamlKey() {
        assumeTrue(System.getenv("CATALOG_HISTORY_TABLE") == null, "CATALOG_HISTORY_TABLE is set here");
        System.setProperty("catalog.history-table", "audit.changes");
        assertEquals("audit.changes", Settings.of(Map.of()).string(Setting.CATALOG_HISTORY_TABLE));
        assertEquals(
                "mine", Settings.of(Map.of("CATALOG_HISTORY_TABLE", "mine")).string(Setting.CATALOG_HISTORY_TABLE));
    }

    @Test
    void aBlankValueCountsAsUnsetAndKeepsTheDefault() {
        Settings blank = Settings.of(Map.of("REDIS_PORT", "  ", "CATALOG_TABLE", "", PROPERTY, " "));
        assertEquals(6379, blank.port(Setting.REDIS_PORT));
        assertEquals("product_sets", blank.string(Setting.CATALOG_TABLE));
        assertEquals(Optional.empty(), blank.raw(PROPERTY));
        assertEquals(Optional.empty(), blank.optional(Setting.REDIS_URL));
    }

    @Test
    void valuesAreTakenAsWrittenNotResolvedAsReferences() {
        Settings settings = Settings.of(Map.of("REDIS_PASSWORD", "pa${HOME}ss${redis.port}", PROPERTY, " ${PATH} "));
        assertEquals(Optional.of("pa${HOME}ss${redis.port}"), settings.optional(Setting.REDIS_PASSWORD));
        assertEquals(Optional.of("${PATH}"), settings.raw(PROPERTY));
    }

    @Test
    void withAddsOverridesOnTop() {
        Settings base = Settings.of(Map.of(PROPERTY, "a", "WORKER_PLATFORMS", "musinsa"));
        Settings more = base.with(Map.of(PROPERTY, "b"));
        assertEquals(Optional.of("b"), more.raw(PROPERTY));
        assertEquals(List.of("musinsa"), more.list(Setting.WORKER_PLATFORMS));
        assertEquals(Optional.of("a"), base.raw(PROPERTY));
    }

    @Test
    void aValueThatDoesNotParseNamesTheVariableTheValueAndTheProblem() {
        assertEquals(
                "LOCK_TTL_MS='0' is not valid: must be a positive number of milliseconds",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("LOCK_TTL_MS", "0")).millis(Setting.LOCK_TTL_MS))
                        .getMessage());
        assertEquals(
                "LOCK_TTL_MS='soon' is not valid: For input string: \"soon\"",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("LOCK_TTL_MS", "soon")).millis(Setting.LOCK_TTL_MS))
                        .getMessage());
        assertEquals(
                "METRICS_PORT='70000' is not valid: must be a port number, 0 for any free port",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("METRICS_PORT", "70000"))
                                        .port(Setting.METRICS_PORT))
                        .getMessage());
        assertEquals(
                "MAX_SCHEDULES='-1' is not valid: must be 0 or more",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("MAX_SCHEDULES", "-1")).integer(Setting.MAX_SCHEDULES, 0))
                        .getMessage());
        assertEquals(
                "ALLOW_UNAUTHENTICATED='yes' is not valid: must be true or false",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("ALLOW_UNAUTHENTICATED", "yes"))
                                        .flag(Setting.ALLOW_UNAUTHENTICATED))
                        .getMessage());
        assertEquals(true, Settings.of(Map.of("ALLOW_UNAUTHENTICATED", "TRUE")).flag(Setting.ALLOW_UNAUTHENTICATED));
    }

    @Test
    void aWebhookMustBeAnAbsoluteHttpUrl() {
        assertEquals(
                "SLACK_WEBHOOK_URL must be an absolute http(s) URL, not 'ftp://x'",
                assertThrows(
                                SettingsException.class,
                                () -> Settings.of(Map.of("SLACK_WEBHOOK_URL", "ftp://x"))
                                        .httpUrl(Setting.SLACK_WEBHOOK_URL))
                        .getMessage());
        assertEquals(
                "https://hooks.example/a",
                Settings.of(Map.of("SLACK_WEBHOOK_URL", " https://hooks.example/a "))
                        .httpUrl(Setting.SLACK_WEBHOOK_URL)
                        .orElseThrow()
                        .toString());
    }

    @Test
    void aTokenMustSurviveAnHttpHeaderAndIsNeverRepeated() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> Settings.of(Map.of("API_TOKEN", "secret value")).headerToken(Setting.API_TOKEN));
        assertEquals("API_TOKEN must be printable ASCII without spaces", e.getMessage());
    }

    @Test
    void everySettingHasADefaultInApplicationYaml() {
        // blank defaults count: they say "unset" in the one place a reader looks for the settings
        Settings settings = Settings.of(Map.of());
        for (Setting setting : Setting.values()) {
            settings.value(setting, value -> value);
        }
    }
}
