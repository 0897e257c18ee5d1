package io.productscanner.support.http.internal;

import io.productscanner.support.core.egress.EgressRefusedException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tries a request again after a refusal (403, 429), a server error (5xx) or an I/O failure (timeout, reset),
 * waiting an exponentially growing, jittered delay, or the site's {@code Retry-After} when that is short enough.
 * The last answer or failure is what the caller sees. Requests of these plugins only read, so any method is
 * retried.
 */
public final class RetryInterceptor implements Interceptor {
    private static final System.Logger LOG = System.getLogger(RetryInterceptor.class.getName());

    private final int maxAttempts;
    private final long backoffBaseMillis;
    private final long backoffMaxMillis;
    private final Duration maxRetryAfter;

    /**
     * @param maxAttempts   tries in all, the first one included
     * @param backoffBase   the wait after the first failure, doubled after each further one up to {@code backoffMax}
     * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one ends the retries
     */
    public RetryInterceptor(int maxAttempts, Duration backoffBase, Duration backoffMax, Duration maxRetryAfter) {
        this.maxAttempts = maxAttempts;
        this.backoffBaseMillis = backoffBase.toMillis();
        this.backoffMaxMillis = backoffMax.toMillis();
        this.maxRetryAfter = maxRetryAfter;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        for (int attempt = 1; ; attempt++) {
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (attempt == maxAttempts || chain.call().isCanceled() || isFinal(e)) {
                    throw e;
                }
                long delay = backoffMillis(attempt);
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "event=http.retry url={0} cause={1} attempt={2} delay_ms={3}",
                        request.url(),
                        e.toString(),
                        attempt,
                        delay);
                CallPauses.pause(chain.call(), Duration.ofMillis(delay).toNanos());
                continue;
            }
            if (attempt == maxAttempts || !isRetryable(response.code())) {
                return response;
            }
            Duration retryAfter = retryAfter(response.header("Retry-After"));
            if (retryAfter.compareTo(maxRetryAfter) > 0) {
                // waiting that long would stall the worker; the job-level retry comes back later instead
                return response;
            }
            long delay = Math.max(retryAfter.toMillis(), backoffMillis(attempt));
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "event=http.retry url={0} status={1} attempt={2} delay_ms={3}",
                    request.url(),
                    response.code(),
                    attempt,
                    delay);
            response.close();
            CallPauses.pause(chain.call(), Duration.ofMillis(delay).toNanos());
        }
    }

    /** A refused destination stays refused, and an answer over the limit stays over it. */
    private static boolean isFinal(IOException failure) {
        return failure instanceof ResponseTooLargeException || EgressRefusedException.findIn(failure) != null;
    }

    private static boolean isRetryable(int status) {
        return status == 403 || status == 429 || (status >= 500 && status <= 599);
    }

    /** Half of the exponential delay for certain, the other half at random, so parallel clients spread out. */
    private long backoffMillis(int attempt) {
        long exponential = backoffBaseMillis;
        for (int i = 1; i < attempt && exponential < backoffMaxMillis; i++) {
            exponential *= 2;
        }
        long capped = Math.min(exponential, backoffMaxMillis);
        long half = capped / 2;
        return capped - half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    /** The wait a {@code Retry-After} header asks for (seconds or an HTTP date); zero when absent or unreadable. */
    private static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return Duration.ZERO;
            }
        }
    }
}
