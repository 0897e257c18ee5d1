package io.productscanner.spi;

import java.net.URI;

/**
 * Reads products of one platform. A scanner may hold connections or a browser page; the runtime closes it when
 * the worker stops. Calls come from one job at a time, but up to {@link PlatformPlugin#maxConcurrency()} at once.
 */
public interface ProductScanner extends AutoCloseable {
    /**
     * Scans one product.
     *
     * @param productUrl any product URL form the plugin {@linkplain PlatformPlugin#matches(URI) matches}
     * @return the snapshot; a deleted product is a snapshot with {@link SaleStatus#NOT_FOUND}
     * @throws ScanException when the platform could not be read
     */
    ProductSnapshot scan(URI productUrl) throws ScanException;

    @Override
    default void close() {}
}
