package io.productscanner.support.http.internal;

import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps a minimum interval between the starts of requests made through one client, whichever thread makes them.
 * Each request reserves the next free start time before waiting for it, so concurrent callers queue up in turn.
 */
public final class PacingInterceptor implements Interceptor {
    private final long intervalNanos;
    private long nextStartNanos = System.nanoTime(); // guarded by this

    public PacingInterceptor(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        CallPauses.pause(chain.call(), reserveStart());
        return chain.proceed(chain.request());
    }

    /** Reserves the next start time and returns how long to wait for it. */
    private synchronized long reserveStart() {
        long now = System.nanoTime();
        long start = nextStartNanos - now > 0 ? nextStartNanos : now;
        nextStartNanos = start + intervalNanos;
        return start - now;
    }
}
