package io.productscanner.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a platform sent for a scan that could not be read (an API answer, a page's HTML, a screenshot), kept so
 * whoever fixes the reader sees what the site showed. The runtime stores it beside the job's results, bounded in
 * size and count.
 *
 * @param name      a short file name saying what it is, such as {@code answer.json}, {@code page.html} or
 *                  {@code screenshot.png}; letters, digits, {@code .}, {@code -} and {@code _} only
 * @param mediaType its media type, e.g. {@code text/html; charset=utf-8}
 * @param source    the URL it came from, or null when it has none (a screenshot)
 * @param content   the bytes as received
 */
public record ScanEvidence(String name, String mediaType, String source, byte[] content) {
    public ScanEvidence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        if (!name.matches("[A-Za-z0-9._-]{1,64}") || name.startsWith(".")) {
            throw new IllegalArgumentException("evidence name must be 1-64 letters, digits, '.', '-' or '_' and not "
                    + "start with '.', was '" + name + "'");
        }
    }

    /** Text evidence, stored as UTF-8. */
    public static ScanEvidence text(String name, String mediaType, String source, String text) {
        return new ScanEvidence(name, mediaType, source, text.getBytes(StandardCharsets.UTF_8));
    }
}
