package io.productscanner.plugin.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every platform plugin answers about itself and its product URLs: a plugin's {@code *PluginTest} extends this
 * and gives its own URLs; the checks are the same for all. One instance per class, so the URL lists are the
 * subclass's own methods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PlatformPluginContract {
    private final PlatformPlugin plugin;
    private final String id;
    private final PluginKind kind;

    /** {@code plugin} is expected to be {@code id} of {@code kind}, on its own queue, one scan at a time. */
    protected PlatformPluginContract(PlatformPlugin plugin, String id, PluginKind kind) {
        this.plugin = plugin;
        this.id = id;
        this.kind = kind;
    }

    /** Every URL form the plugin accepts, each as {@code arguments(url, productId)}. */
    protected abstract Stream<Arguments> urlsWithTheirProductIds();

    /** URLs the plugin must refuse: other pages of the platform, other hosts, malformed ids. */
    protected abstract Stream<String> otherUrls();

    /** The accepted forms the refusal of an other URL names. */
    protected abstract List<String> acceptedForms();

    /** A product id with its canonical URL. */
    protected abstract Map.Entry<String, String> productIdWithItsCanonicalUrl();

    /** Ids no canonical URL is made of. */
    protected abstract Stream<String> malformedProductIds();

    protected PlatformPlugin plugin() {
        return plugin;
    }

    @Test
    public void describesItself() {
        assertEquals(id, plugin.id());
        assertEquals(kind, plugin.kind());
        assertEquals(List.of(id), plugin.queues());
        assertEquals(1, plugin.maxConcurrency());
    }

    @ParameterizedTest
    @MethodSource("urlsWithTheirProductIds")
    public void readsTheProductIdOfEveryUrlForm(String url, String productId) throws ScanException {
        assertTrue(plugin.matches(URI.create(url)));
        assertEquals(productId, plugin.productId(URI.create(url)));
    }

    @ParameterizedTest
    @MethodSource("otherUrls")
    public void rejectsEverythingElseNamingTheAcceptedForms(String url) {
        UrlAssertions.assertRejected(plugin, url, acceptedForms().toArray(String[]::new));
    }

    @Test
    public void theCanonicalUrlIsMadeOfTheProductId() {
        Map.Entry<String, String> example = productIdWithItsCanonicalUrl();
        assertEquals(URI.create(example.getValue()), plugin.canonicalUrl(example.getKey()));
    }

    @ParameterizedTest
    @MethodSource("malformedProductIds")
    public void aMalformedProductIdHasNoCanonicalUrl(String productId) {
        assertThrows(IllegalArgumentException.class, () -> plugin.canonicalUrl(productId));
    }
}
