package io.productscanner.runtime.results;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a job's results, handed to clients as an opaque string ({@code next_cursor}) so the position's
 * form may change without breaking them. Results are replaced only while a job runs, so a cursor stays valid
 * for a finished job, whether its results are read from Redis or from its file.
 *
 * @param offset index of the next result to read
 */
public record ResultsCursor(long offset) {
    private static final String PREFIX = "o:";

    public ResultsCursor {
        if (offset < 0) {
            throw new IllegalArgumentException("a cursor's offset is not negative: " + offset);
        }
    }

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a cursor this class encoded; anything else is an {@link IllegalArgumentException}. */
    public static ResultsCursor decode(String cursor) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a results cursor: " + cursor);
        }
        return new ResultsCursor(Long.parseLong(text.substring(PREFIX.length())));
    }
}
