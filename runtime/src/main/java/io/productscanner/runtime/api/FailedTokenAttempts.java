package io.productscanner.runtime.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Wrong bearer tokens per client address, as a token bucket: an address may send {@link #BURST} wrong tokens in a
 * row, then regains one try every {@link #REGAIN}; with none left, it is told how long to wait instead of having
 * its token looked at. Nobody is made to sleep, so a flood of guesses holds no thread. At most
 * {@link #MAX_ADDRESSES} addresses are remembered, the least recently seen forgotten first; an IPv6 address counts
 * by its /64, which one host usually holds whole.
 */
final class FailedTokenAttempts {
    static final int BURST = 10;
    static final Duration REGAIN = Duration.ofSeconds(6);
    static final int MAX_ADDRESSES = 10_000;

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    FailedTokenAttempts() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic clock, as {@link System#nanoTime()} */
    FailedTokenAttempts(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long {@code client} must wait before its next token is looked at; zero when it may try now. */
    synchronized Duration waitFor(InetAddress client) {
        String key = key(client);
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return Duration.ZERO;
        }
        bucket.regain(nanoTime.getAsLong());
        if (bucket.tries >= BURST) {
            buckets.remove(key); // back to a clean slate: forget it
            return Duration.ZERO;
        }
        return bucket.tries >= 1 ? Duration.ZERO : Duration.ofNanos((long) ((1 - bucket.tries) * REGAIN.toNanos()));
    }

    /** Counts a wrong token from {@code client}; true when that was its last try, so the lock-out is told once. */
    synchronized boolean recordFailure(InetAddress client) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key(client), k -> new Bucket(now));
        bucket.regain(now);
        bucket.tries = Math.max(0, bucket.tries - 1);
        return bucket.tries < 1;
    }

    private static String key(InetAddress client) {
        byte[] bytes = client.getAddress();
        if (client instanceof Inet6Address) {
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        }
        return client.getHostAddress();
    }

    private static final class Bucket {
        private double tries = BURST;
        private long updatedNanos;

        Bucket(long now) {
            this.updatedNanos = now;
        }

        void regain(long now) {
            tries = Math.min(BURST, tries + (double) (now - updatedNanos) / REGAIN.toNanos());
            updatedNanos = now;
        }
    }
}
