package io.productscanner.support.browser;

import com.microsoft.playwright.Page;
import io.productscanner.spi.ScanException;

/**
 * What a plugin does with the page it is handed: navigate and read. It must not close the page, its context or the
 * browser; Playwright errors may simply propagate, the pool tells crashes from site errors.
 */
@FunctionalInterface
public interface PageTask<T> {
    T run(Page page) throws ScanException;
}
