package io.productscanner.support.core;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ScanException;
import java.net.URI;
import java.util.Objects;

/**
 * A platform plugin whose id, kind and product URLs are data: a subclass passes them to the constructor and adds how
 * its scanner is made ({@link #createScanner}), and overrides {@link #maxConcurrency()} or {@link #queues()} only
 * when the SPI's defaults (one product at a time, the queue named after the id) do not suit it. The service
 * loader needs a public no-argument constructor in the subclass.
 */
public abstract class AbstractPlatformPlugin implements PlatformPlugin {
    private final String id;
    private final PluginKind kind;
    private final ProductUrls urls;

    protected AbstractPlatformPlugin(String id, PluginKind kind, ProductUrls urls) {
        this.id = Objects.requireNonNull(id, "id");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.urls = Objects.requireNonNull(urls, "urls");
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final PluginKind kind() {
        return kind;
    }

    @Override
    public final boolean matches(URI url) {
        return urls.matches(url);
    }

    @Override
    public final String productId(URI url) throws ScanException {
        return urls.requireProductId(url);
    }

    @Override
    public final URI canonicalUrl(String productId) {
        return urls.canonical(productId);
    }
}
