package io.productscanner.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ScanException;
import java.net.URI;

/** Assertions on a plugin's product-URL rules. */
public final class UrlAssertions {
    private UrlAssertions() {}

    /**
     * Asserts that {@code plugin} does not match {@code url} and that asking for its product id fails as a lasting
     * {@link FailureKind#INVALID_URL} whose message names the URL and each of {@code acceptedForms}.
     */
    public static void assertRejected(PlatformPlugin plugin, String url, String... acceptedForms) {
        assertFalse(plugin.matches(URI.create(url)));

        ScanException failure = assertThrows(ScanException.class, () -> plugin.productId(URI.create(url)));

        assertEquals(FailureKind.INVALID_URL, failure.kind());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains(url), failure.getMessage());
        for (String form : acceptedForms) {
            assertTrue(failure.getMessage().contains(form), failure.getMessage());
        }
    }
}
