package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may reach the API and how, decided once at start-up: where it listens, the token it asks for, and the
 * names and origins a browser may use for it. Everything refused here stops start-up with a message naming the
 * setting, before any part of the process runs.
 *
 * @param host           the address to bind (see {@link ListenAddress})
 * @param token          {@code API_TOKEN}, at least {@link #MIN_TOKEN_LENGTH} characters
 * @param allowedHosts   {@code API_ALLOWED_HOSTS}: host names the API answers to besides localhost and IP addresses
 * @param allowedOrigins {@code API_ALLOWED_ORIGINS}: origins besides the API's own whose pages may write
 */
public record ApiAccess(
        String host, int port, Optional<String> token, List<String> allowedHosts, List<String> allowedOrigins) {
    /** 16 characters is 96 bits of a random base64 token: beyond guessing, even unthrottled. */
    static final int MIN_TOKEN_LENGTH = 16;

    public ApiAccess {
        token.ifPresent(ApiAccess::checkStrength);
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Without a token, on {@code host}, answering to localhost and IP addresses only: how tests run it. */
    public static ApiAccess unauthenticated(String host, int port) {
        return new ApiAccess(host, port, Optional.empty(), List.of(), List.of());
    }

    /**
     * As the settings ask: {@code HOST}, {@code PORT}, {@code API_TOKEN}, {@code ALLOW_UNAUTHENTICATED},
     * {@code API_ALLOWED_HOSTS} and {@code API_ALLOWED_ORIGINS}.
     */
    public static ApiAccess from(Settings settings) {
        Optional<String> token = settings.headerToken(Setting.API_TOKEN);
        String host = ListenAddress.of(
                settings.optional(Setting.HOST), token.isPresent(), settings.flag(Setting.ALLOW_UNAUTHENTICATED));
        return new ApiAccess(
                host, settings.port(Setting.PORT), token, allowedHosts(settings), allowedOrigins(settings));
    }

    /** Lower case, a port given dropped (the check ignores it), each a host name. */
    private static List<String> allowedHosts(Settings settings) {
        return settings.list(Setting.API_ALLOWED_HOSTS).stream()
                .map(name -> {
                    String host = name.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
                    if (!host.matches("[a-z0-9]([a-z0-9_.-]*[a-z0-9])?")) {
                        throw new SettingsException("API_ALLOWED_HOSTS: '" + name + "' is not a host name");
                    }
                    return host;
                })
                .distinct()
                .toList();
    }

    /** Lower case, without a trailing slash, each {@code scheme://host[:port]}. */
    private static List<String> allowedOrigins(Settings settings) {
        return settings.list(Setting.API_ALLOWED_ORIGINS).stream()
                .map(value -> {
                    String origin = value.toLowerCase(Locale.ROOT).replaceFirst("/$", "");
                    if (!origin.matches("https?://[a-z0-9_.-]+(:[0-9]{1,5})?|https?://\\[[0-9a-f:.]+](:[0-9]{1,5})?")) {
                        throw new SettingsException("API_ALLOWED_ORIGINS: '" + value
                                + "' is not an origin (scheme://host[:port], no path)");
                    }
                    return origin;
                })
                .distinct()
                .toList();
    }

    /**
     * Whether the {@code Host} header is checked: always without a token, where the caller stands is its only
     * credential and a DNS-rebinding page stands on this machine; with a token only when names are configured,
     * since a page cannot send the token and behind a proxy or in a cluster the names are not known here.
     */
    boolean checksHostHeader() {
        return token.isEmpty() || !allowedHosts.isEmpty();
    }

    private static void checkStrength(String token) {
        // never echoed: the message says what is wrong, not what was given
        if (token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new SettingsException("API_TOKEN must be printable ASCII without spaces");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new SettingsException("API_TOKEN is " + token.length() + " characters long; it must be at least "
                    + MIN_TOKEN_LENGTH + " (e.g. the output of: openssl rand -hex 24)");
        }
    }
}
