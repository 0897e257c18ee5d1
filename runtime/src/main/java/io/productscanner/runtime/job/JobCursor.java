package io.productscanner.runtime.job;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of a job list ended, handed to clients as an opaque string ({@code next_cursor}): the last job's
 * score in the list's index (its creation time, or when it was dead-lettered, in ms) and its id. The next page
 * starts after it in the list's order (score, then id, descending), so jobs added meanwhile neither shift nor
 * repeat what follows.
 */
public record JobCursor(long score, String jobId) {
    private static final String PREFIX = "j1:";

    public JobCursor {
        if (score < 0 || jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException("not a job list position: " + score + " " + jobId);
        }
    }

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + score + ":" + jobId).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a job at {@code otherScore} with id {@code otherId} comes after this position (is older). */
    boolean isFollowedBy(long otherScore, String otherId) {
        return otherScore < score || (otherScore == score && otherId.compareTo(jobId) < 0);
    }

    /** Reads a cursor this class encoded; anything else is an {@link IllegalArgumentException}. */
    public static JobCursor decode(String cursor) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int colon = text.indexOf(':', PREFIX.length());
        if (!text.startsWith(PREFIX) || colon < 0) {
            throw new IllegalArgumentException("not a job list cursor: " + cursor);
        }
        return new JobCursor(Long.parseLong(text.substring(PREFIX.length(), colon)), text.substring(colon + 1));
    }
}
