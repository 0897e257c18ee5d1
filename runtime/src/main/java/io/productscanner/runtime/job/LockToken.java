package io.productscanner.runtime.job;

import java.util.UUID;

/**
 * The platform lock's owner token as workers make it: {@code <worker name>:<random id of this worker>:<lease
 * number>}. Unique per lease, and it still says which worker holds the lock.
 */
public final class LockToken {
    private LockToken() {}

    /** What every token of one worker starts with; a lease number follows. */
    public static String prefixFor(String workerName) {
        return workerName + ":" + UUID.randomUUID() + ":";
    }

    /** The worker named in {@code token}; a token of another form is returned whole. */
    public static String holder(String token) {
        int lease = token.lastIndexOf(':');
        int id = lease > 0 ? token.lastIndexOf(':', lease - 1) : -1;
        return id > 0 ? token.substring(0, id) : token;
    }
}
