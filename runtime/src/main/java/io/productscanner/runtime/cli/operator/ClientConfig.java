package io.productscanner.runtime.cli.operator;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.util.Optional;

/**
 * The API the client commands talk to.
 *
 * @param apiUrl   {@code API_URL}
 * @param apiToken {@code API_TOKEN}, sent as a bearer token when set
 */
public record ClientConfig(String apiUrl, Optional<String> apiToken) {
    public static ClientConfig from(Settings settings) {
        return new ClientConfig(settings.string(Setting.API_URL), settings.headerToken(Setting.API_TOKEN));
    }

    /** Without the token. */
    @Override
    public String toString() {
        return "ClientConfig[apiUrl=" + apiUrl + ", apiToken=" + (apiToken.isPresent() ? "(set)" : "(unset)") + "]";
    }
}
