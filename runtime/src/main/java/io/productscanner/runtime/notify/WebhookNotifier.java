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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a message to the configured Slack incoming webhook and/or Discord webhook. A webhook that fails is
 * logged and reported back, never thrown: a notification must not fail the job it reports on.
 */
public final class WebhookNotifier {
    private static final System.Logger LOG = System.getLogger(WebhookNotifier.class.getName());
    /** Discord refuses longer message content. */
    private static final int DISCORD_LIMIT = 2000;

    private final Optional<URI> slack;
    private final Optional<URI> discord;
    private final HttpClient http;

    public WebhookNotifier(Optional<URI> slack, Optional<URI> discord) {
        this.slack = slack;
        this.discord = discord;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public boolean configured() {
        return slack.isPresent() || discord.isPresent();
    }

    /** One webhook's answer. */
    public record Delivery(String channel, boolean delivered, String detail) {
    }

    /** Sends {@code text} to every configured webhook. */
    public List<Delivery> send(String text, String jobId) {
        List<Delivery> deliveries = new ArrayList<>();
        slack.ifPresent(url -> deliveries.add(post("slack", url, Map.of("text", text), jobId)));
        discord.ifPresent(url -> deliveries.add(post("discord", url, Map.of("content",
                text.length() <= DISCORD_LIMIT ? text : text.substring(0, DISCORD_LIMIT - 1) + "…"), jobId)));
        return deliveries;
    }

    private Delivery post(String channel, URI url, Map<String, String> body, String jobId) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            if (!ok) {
                LogEvent.warn(LOG, "notify.failed", "job_id", jobId, "channel", channel, "status",
                        response.statusCode());
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
