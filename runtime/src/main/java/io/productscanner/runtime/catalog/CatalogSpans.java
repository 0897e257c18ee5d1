package io.productscanner.runtime.catalog;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;

/**
 * A client span around each catalog statement, named and described as OpenTelemetry's database conventions say
 * ({@code SELECT product_sets}; {@code db.system.name}, {@code db.operation.name}, {@code db.collection.name},
 * {@code db.query.text}). The query text is the prepared SQL: its values are bound parameters, shown as {@code ?},
 * never the values themselves. A no-op until the process installs an OpenTelemetry SDK.
 */
final class CatalogSpans {
    static final String INSTRUMENTATION = "io.productscanner.catalog";

    private CatalogSpans() {}

    /** One statement's work: executing it and reading its result. */
    @FunctionalInterface
    interface StatementWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a span; a failure marks the span as an error and is rethrown unchanged.
     *
     * @param operation  the SQL verb, e.g. {@code SELECT}, {@code UPDATE}, {@code CREATE TABLE}
     * @param collection the table, as configured ({@code shop.items})
     * @param sql        the statement with {@code ?} for every value
     */
    static <T> T traced(String operation, String collection, String sql, StatementWork<T> work) throws SQLException {
        // fetched here, not kept: the SDK is installed at start-up, after classes like this one may have loaded
        Span span = GlobalOpenTelemetry.getTracer(INSTRUMENTATION)
                .spanBuilder(operation + " " + collection)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", "postgresql")
                .setAttribute("db.operation.name", operation)
                .setAttribute("db.collection.name", collection)
                .setAttribute("db.query.text", sql)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (SQLException e) {
            failed(span, e, e.getSQLState() == null ? e.getClass().getName() : e.getSQLState());
            throw e;
        } catch (RuntimeException e) {
            failed(span, e, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    private static void failed(Span span, Exception e, String type) {
        span.setStatus(StatusCode.ERROR, e.getMessage() == null ? type : e.getMessage());
        span.setAttribute("error.type", type);
        span.recordException(e);
    }
}
