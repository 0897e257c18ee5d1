package io.productscanner.runtime.notify;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a message to the configured Slack incoming webhook and/or Discord webhook. A webhook that fails is
 * logged and reported back, never thrown: a notification must not fail the job it reports on.
 *
 * <p>The message carries text from sellers and callers, and holds no markup of its own, so each channel gets it with
 * its markup made inert. Slack: {@code &}, {@code <} and {@code >} as HTML entities, as Slack's formatting rules ask
 * ({@code <!channel>}, {@code <@U123>} and {@code <url|label>} then read as text), and no link previews. Discord:
 * {@code allowed_mentions} with nothing to parse (nobody is pinged, whatever the text says), {@code @everyone} and
 * {@code @here} broken by a zero-width space, {@code \ [ ] <} escaped with a backslash (no masked link, no mention,
 * channel or emoji tag), and no embeds.
 */
public final class WebhookNotifier {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    /** Discord refuses longer message content. */
    private static final int DISCORD_LIMIT = 2000;
    /** Discord's message flag SUPPRESS_EMBEDS: no previews of the links a message holds. */
    private static final int DISCORD_SUPPRESS_EMBEDS = 1 << 2;
    /** Discord's characters that start a markdown link, a mention or a tag, or escape one. */
    private static final String DISCORD_MARKUP = "\\[]<";

    private static final String ZERO_WIDTH_SPACE = "\u200b";

    private final Optional<URI> slack;
    private final Optional<URI> discord;
    private final HttpClient http;

    public WebhookNotifier(Optional<URI> slack, Optional<URI> discord) {
        this.slack = slack;
        this.discord = discord;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public boolean configured() {
        return slack.isPresent() || discord.isPresent();
    }

    /** One webhook's answer. */
    public record Delivery(String channel, boolean delivered, String detail) {}

    /** Sends {@code text} to every configured webhook. */
    public List<Delivery> send(String text, String jobId) {
        List<Delivery> deliveries = new ArrayList<>();
        slack.ifPresent(url -> deliveries.add(post("slack", url, slackPayload(text), jobId)));
        discord.ifPresent(url -> deliveries.add(post("discord", url, discordPayload(text), jobId)));
        return deliveries;
    }

    private static Map<String, Object> slackPayload(String text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        payload.put("unfurl_links", false);
        payload.put("unfurl_media", false);
        return payload;
    }

    private static Map<String, Object> discordPayload(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (DISCORD_MARKUP.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        String content = escaped.toString()
                .replace("@everyone", "@" + ZERO_WIDTH_SPACE + "everyone")
                .replace("@here", "@" + ZERO_WIDTH_SPACE + "here");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(
                "content", content.length() <= DISCORD_LIMIT ? content : content.substring(0, DISCORD_LIMIT - 1) + "…");
        payload.put("allowed_mentions", Map.of("parse", List.of()));
        payload.put("flags", DISCORD_SUPPRESS_EMBEDS);
        return payload;
    }

    private Delivery post(String channel, URI url, Map<String, Object> body, String jobId) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            if (!ok) {
                LogEvent.warn(
                        LOG, "notify.failed", "job_id", jobId, "channel", channel, "status", response.statusCode());
            }
            return new Delivery(channel, ok, "HTTP " + response.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            LogEvent.warn(LOG, "notify.failed", "job_id", jobId, "channel", channel, "error", e.toString());
            return new Delivery(channel, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(channel, false, "interrupted");
        }
    }
}
