package io.productscanner.runtime.job;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 job ids (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids from one process are strictly
 * increasing: within a millisecond the 12-bit {@code rand_a} field counts up, as the RFC's method 1 allows.
 */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private JobIds() {}

    public static synchronized UUID next() {
        long now = System.currentTimeMillis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = RANDOM.nextInt(0x800);
        } else if (++counter > 0xFFF) {
            lastMillis++;
            counter = 0;
        }
        long high = (lastMillis << 16) | 0x7000L | counter;
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Whether {@code value} is a job id in canonical UUID form (any version, so older ids still resolve). */
    public static boolean looksValid(String value) {
        return value != null
                && value.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
