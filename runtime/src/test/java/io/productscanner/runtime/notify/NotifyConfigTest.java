package io.productscanner.runtime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PUBLIC_API_URL and the two webhooks, refused at start-up when they are not absolute http(s) URLs. */
class NotifyConfigTest {
    @Test
    void theWebhooksAreReadAndTheirUrlsNeverPrinted() {
        NotifyConfig config = NotifyConfig.from(Settings.of(Map.of(
                "PUBLIC_API_URL",
                "https://scanner.example",
                "SLACK_WEBHOOK_URL",
                "https://hooks.slack.example/T000/B000/secretpath",
                "DISCORD_WEBHOOK_URL",
                "")));

        assertEquals("https://scanner.example", config.publicApiUrl());
        assertEquals(
                Optional.of(URI.create("https://hooks.slack.example/T000/B000/secretpath")), config.slackWebhook());
        assertEquals(Optional.empty(), config.discordWebhook());
        assertFalse(config.toString().contains("secretpath"), config.toString());
    }

    @Test
    void aWebhookThatIsNotAnHttpUrlStopsStartUpNamingIt() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> NotifyConfig.from(Settings.of(Map.of("DISCORD_WEBHOOK_URL", "discord.example/webhook"))));

        assertEquals(
                "DISCORD_WEBHOOK_URL must be an absolute http(s) URL, not 'discord.example/webhook'", e.getMessage());
    }
}
