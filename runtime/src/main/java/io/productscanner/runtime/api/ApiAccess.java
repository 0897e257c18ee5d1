package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Settings;
import io.productscanner.runtime.config.SettingsException;

import java.util.List;
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
public record ApiAccess(String host, int port, Optional<String> token, List<String> allowedHosts,
                        List<String> allowedOrigins) {
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

    /** As the settings ask: {@code HOST}, {@code PORT}, {@code API_TOKEN}, {@code API_ALLOWED_HOSTS} and origins. */
    public static ApiAccess of(Settings settings) {
        return new ApiAccess(ListenAddress.of(settings), settings.port(), settings.apiToken(),
                settings.apiAllowedHosts(), settings.apiAllowedOrigins());
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
