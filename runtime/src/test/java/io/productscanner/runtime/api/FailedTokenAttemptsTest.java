package io.productscanner.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address bucket of wrong tokens, on a clock the test moves. */
class FailedTokenAttemptsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final FailedTokenAttempts attempts = new FailedTokenAttempts(now::get);

    @Test
    void tenWrongTokensUseTheBurstThenOneTryComesBackEverySixSeconds() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.1");
        for (int i = 1; i < FailedTokenAttempts.BURST; i++) {
            assertFalse(attempts.recordFailure(client), "try " + i);
            assertEquals(Duration.ZERO, attempts.waitFor(client));
        }
        assertTrue(attempts.recordFailure(client), "the last try is reported once");
        assertEquals(FailedTokenAttempts.REGAIN, attempts.waitFor(client));

        advance(Duration.ofSeconds(4));
        assertEquals(Duration.ofSeconds(2), attempts.waitFor(client));
        advance(Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, attempts.waitFor(client), "one try regained");
        attempts.recordFailure(client);
        assertEquals(FailedTokenAttempts.REGAIN, attempts.waitFor(client), "and used again");

        assertEquals(Duration.ZERO, attempts.waitFor(InetAddress.getByName("192.0.2.2")), "others are not held");
    }

    @Test
    void anIpv6HostCountsByItsSlash64() throws Exception {
        for (int i = 0; i < FailedTokenAttempts.BURST; i++) {
            attempts.recordFailure(InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }

        assertTrue(
                attempts.waitFor(InetAddress.getByName("2001:db8:1:2:ffff::9")).compareTo(Duration.ZERO) > 0);
        assertEquals(Duration.ZERO, attempts.waitFor(InetAddress.getByName("2001:db8:1:3::1")));
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlySeenAddress() throws Exception {
        InetAddress first = InetAddress.getByName("198.51.100.1");
        for (int i = 0; i < FailedTokenAttempts.BURST; i++) {
            attempts.recordFailure(first);
        }
        assertTrue(attempts.waitFor(first).compareTo(Duration.ZERO) > 0);

        for (int i = 0; i < FailedTokenAttempts.MAX_ADDRESSES; i++) {
            byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            attempts.recordFailure(InetAddress.getByAddress(address));
        }

        assertEquals(
                Duration.ZERO,
                attempts.waitFor(first),
                "forgotten once " + FailedTokenAttempts.MAX_ADDRESSES + " others came after it");
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
