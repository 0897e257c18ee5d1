package io.productscanner.spi;

import java.net.URI;
import java.util.List;

/**
 * One shopping platform, provided as a {@link java.util.ServiceLoader} service from a plugin module.
 * Implementations must be cheap to construct: the runtime instantiates every plugin it finds to read its id,
 * and only creates scanners for the platforms a process serves.
 */
public interface PlatformPlugin {
    /** Lower-case platform id, e.g. {@code musinsa}; also the name used in {@code WORKER_PLATFORMS}. */
    String id();

    /** Whether the plugin needs a browser, plain HTTP, or other plugins. */
    PluginKind kind();

    /** The queues this plugin's worker serves; the plugin's own id unless it says otherwise. */
    default List<String> queues() {
        return List.of(id());
    }

    /** Whether the URL is a product URL of this platform (any of its desktop, mobile or share forms). */
    boolean matches(URI url);

    /**
     * The product id in a product URL of this platform.
     *
     * @throws ScanException of kind {@link FailureKind#INVALID_URL} with a message naming the accepted forms
     */
    String productId(URI url) throws ScanException;

    /** The canonical product URL for an id. */
    URI canonicalUrl(String productId);

    /** How many products a job may scan at once on this platform; the workflow's concurrency is capped by it. */
    default int maxConcurrency() {
        return 1;
    }

    /**
     * Creates a scanner; called once per worker process that serves this platform, and by a mixed plugin (the
     * extract worker) that scans through it, which closes it when done.
     */
    ProductScanner createScanner(PluginContext context);

    /** The workflow node types this plugin adds, if any; their names must not clash with the runtime's. */
    default List<WorkflowNodeType> nodeTypes() {
        return List.of();
    }
}
