package io.productscanner.support.http.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Call;

/** Waits inside a call (pacing, backoff) without outliving it. */
final class CallPauses {
    // a cancelled call (its call timeout fired, or the scan was stopped) is noticed within this time
    private static final long SLICE_NANOS = Duration.ofMillis(50).toNanos();

    private CallPauses() {}

    /**
     * Sleeps for {@code nanos}, waking early with an exception when the call is cancelled or the thread
     * interrupted; OkHttp reports a cancellation by its call timeout as a timeout.
     */
    static void pause(Call call, long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        for (long remaining = nanos; remaining > 0; remaining = deadline - System.nanoTime()) {
            if (call.isCanceled()) {
                throw new IOException("Canceled");
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(remaining, SLICE_NANOS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(
                        "interrupted while waiting to send " + call.request().url());
            }
        }
    }
}
