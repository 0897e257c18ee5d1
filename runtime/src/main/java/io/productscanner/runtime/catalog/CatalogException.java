package io.productscanner.runtime.catalog;

/**
 * The catalog could not be read or written. The message names the table, column or file and the problem, and
 * never carries the database password.
 */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
