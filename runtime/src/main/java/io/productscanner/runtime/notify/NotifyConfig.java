package io.productscanner.runtime.notify;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.net.URI;
import java.util.Optional;

/**
 * Where {@code notify_result} posts a job's outcome, and the address its links point at.
 *
 * @param publicApiUrl   {@code PUBLIC_API_URL}: the API's address as people reach it
 * @param slackWebhook   {@code SLACK_WEBHOOK_URL}: a Slack incoming webhook
 * @param discordWebhook {@code DISCORD_WEBHOOK_URL}: a Discord webhook
 */
public record NotifyConfig(String publicApiUrl, Optional<URI> slackWebhook, Optional<URI> discordWebhook) {
    public static NotifyConfig from(Settings settings) {
        return new NotifyConfig(
                settings.string(Setting.PUBLIC_API_URL),
                settings.httpUrl(Setting.SLACK_WEBHOOK_URL),
                settings.httpUrl(Setting.DISCORD_WEBHOOK_URL));
    }

    /** Without the webhook URLs, whose paths are their secret. */
    @Override
    public String toString() {
        return "NotifyConfig[publicApiUrl=" + publicApiUrl + ", slackWebhook="
                + (slackWebhook.isPresent() ? "(set)" : "(unset)") + ", discordWebhook="
                + (discordWebhook.isPresent() ? "(set)" : "(unset)") + "]";
    }
}
