package io.productscanner.support.http;

import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * An answer read in full, whatever its status: platforms often explain an error in the body (e.g. a JSON error
 * code with HTTP 404), so the plugin decides which statuses it understands.
 *
 * @param url    the URL asked for (the platform's, also when a site mirror answered)
 * @param status HTTP status
 * @param body   the body decoded as its charset, UTF-8 when none is given
 * @param mediaType the answer's {@code Content-Type}, or null when it sent none
 */
public record TextResponse(HttpUrl url, int status, String body, String mediaType) {
    public TextResponse {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
    }

    /** An answer without a {@code Content-Type}. */
    public TextResponse(HttpUrl url, int status, String body) {
        this(url, status, body, null);
    }

    /** Whether the status is 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status <= 299;
    }
}
