package io.productscanner.support.http;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.ScanEvidence;
import io.productscanner.spi.ScanException;
import io.productscanner.support.core.egress.EgressRefusal;
import io.productscanner.support.core.egress.EgressRefusedException;
import io.productscanner.support.http.internal.ResponseTooLargeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import okhttp3.HttpUrl;

/** Turns what went wrong on the wire into a {@link ScanException} of the right {@link FailureKind}. */
public final class HttpFailures {
    private HttpFailures() {}

    /**
     * For an answer whose status the plugin does not understand, after the client's retries:
     * {@link FailureKind#BLOCKED} for 403 and 429, {@link FailureKind#UPSTREAM} for anything else.
     */
    public static ScanException forStatus(HttpUrl url, int status) {
        if (status == 403 || status == 429) {
            return new ScanException(FailureKind.BLOCKED, "blocked by the platform: HTTP " + status + " from " + url);
        }
        return new ScanException(FailureKind.UPSTREAM, "unexpected HTTP " + status + " from " + url);
    }

    /** The final status of a response the plugin does not understand; see {@link #forStatus(HttpUrl, int)}. */
    public static ScanException forStatus(TextResponse response) {
        return forStatus(response.url(), response.status());
    }

    /**
     * {@link FailureKind#FORBIDDEN_DESTINATION} for a destination the egress policy refused (naming it and the
     * rule), {@link FailureKind#UPSTREAM} for an answer over the size limit, {@link FailureKind#TIMEOUT} for a
     * connect, read or call timeout, {@link FailureKind#NETWORK} otherwise.
     */
    public static ScanException forIoFailure(HttpUrl url, IOException failure) {
        EgressRefusal refusal = EgressRefusedException.findIn(failure);
        if (refusal != null) {
            return new ScanException(
                    FailureKind.FORBIDDEN_DESTINATION, "asking " + url + ": " + refusal.message(), failure);
        }
        if (failure instanceof ResponseTooLargeException) {
            return new ScanException(FailureKind.UPSTREAM, failure.getMessage(), failure);
        }
        if (isTimeout(failure)) {
            return new ScanException(
                    FailureKind.TIMEOUT, "no answer in time from " + url + ": " + failure.getMessage(), failure);
        }
        return new ScanException(FailureKind.NETWORK, "cannot reach " + url + ": " + failure, failure);
    }

    /**
     * {@link FailureKind#PARSE}: the answer arrived but does not have the shape the plugin reads. The answer is
     * attached as the failure's evidence ({@code answer.json}, or {@code answer.html}/{@code answer.txt}).
     *
     * @param cause the parser's exception, or null when the shape check is the plugin's own
     */
    public static ScanException badBody(TextResponse response, String problem, Throwable cause) {
        return new ScanException(FailureKind.PARSE, "unexpected answer from " + response.url() + ": " + problem, cause)
                .withEvidence(evidence(response));
    }

    /** The answer as evidence, named after its media type. */
    public static ScanEvidence evidence(TextResponse response) {
        String mediaType = response.mediaType() == null ? guessMediaType(response.body()) : response.mediaType();
        String lower = mediaType.toLowerCase(Locale.ROOT);
        String name = lower.contains("json") ? "answer.json" : lower.contains("html") ? "answer.html" : "answer.txt";
        return ScanEvidence.text(name, mediaType, response.url().toString(), response.body());
    }

    private static String guessMediaType(String body) {
        String start = body.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            return "application/json";
        }
        return start.startsWith("<") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // OkHttp reports its call timeout as an InterruptedIOException named "timeout"
            if (cause instanceof SocketTimeoutException
                    || (cause instanceof InterruptedIOException && "timeout".equals(cause.getMessage()))) {
                return true;
            }
        }
        return false;
    }
}
