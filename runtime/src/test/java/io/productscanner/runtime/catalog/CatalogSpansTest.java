package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.productscanner.runtime.testing.TestPostgres;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every catalog statement in a client span, as a process with tracing on records it: an in-memory SDK installed the
 * way the process installs its own ({@code GlobalOpenTelemetry.set}), a real Postgres.
 */
class CatalogSpansTest {
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    @RegisterExtension
    static final TestPostgres postgres = TestPostgres.perClass();

    private static CatalogPool pool;
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;

    @BeforeAll
    static void fillCatalog() throws Exception {
        CatalogDatabase database = postgres.database();
        TestPostgres.execute(database, CatalogSamples.createTable("product_sets"));
        CatalogSamples.insert(database, "product_sets", CatalogSamples.ROWS);
        pool = postgres.pool(database);
    }

    @BeforeEach
    void installSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterEach
    void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    @Test
    void aReadIsOneClientSpanPerStatementWithItsQueryButNotItsValues() {
        Span job = GlobalOpenTelemetry.getTracer("test").spanBuilder("job").startSpan();
        try (Scope ignored = job.makeCurrent()) {
            assertEquals(
                    List.of("ps-04"),
                    CatalogSamples.ids(
                            new PostgresCatalog(pool, CatalogSchema.defaults()), CatalogFilter.productSet("ps-04")));
        } finally {
            job.end();
        }

        List<SpanData> statements = catalogSpans();
        assertEquals(2, statements.size(), statements.toString()); // the table's columns, then the one page
        for (SpanData statement : statements) {
            assertEquals("SELECT product_sets", statement.getName());
            assertEquals(SpanKind.CLIENT, statement.getKind());
            assertEquals("postgresql", statement.getAttributes().get(SYSTEM));
            assertEquals("SELECT", statement.getAttributes().get(OPERATION));
            assertEquals("product_sets", statement.getAttributes().get(COLLECTION));
            assertEquals(job.getSpanContext().getTraceId(), statement.getTraceId());
            assertEquals(job.getSpanContext().getSpanId(), statement.getParentSpanId());
            assertFalse(statement.getAttributes().get(QUERY).contains("ps-04"), statement.toString());
        }
        String page = statements.getLast().getAttributes().get(QUERY);
        assertTrue(page.startsWith("SELECT ") && page.contains("\"product_set_id\" = ?"), page);
    }

    @Test
    void anUpdateTracesItsLockingReadItsWritesAndItsHistoryWithoutValues() {
        ProductSetUpdater updater =
                new ProductSetUpdater(pool, CatalogSchema.defaults(), "span_history", 10, Optional.empty());

        ProductSetUpdate update = updater.apply(
                List.of(new ProductSetChange("ps-01", ProductField.PRODUCT_NAME, "토너 200ml", "토너 300ml")),
                "job-1",
                false);

        assertEquals(1, update.applied().size(), update.toString());
        List<SpanData> statements = catalogSpans();
        assertEquals(
                List.of(
                        "CREATE TABLE span_history",
                        "ALTER TABLE span_history",
                        "ALTER TABLE span_history",
                        "CREATE INDEX span_history",
                        "SELECT product_sets",
                        "SELECT product_sets",
                        "UPDATE product_sets",
                        "INSERT span_history"),
                statements.stream().map(SpanData::getName).toList());
        for (SpanData statement : statements) {
            String query = statement.getAttributes().get(QUERY);
            assertFalse(query.contains("토너") || query.contains("job-1") || query.contains("ps-01"), query);
            assertEquals(StatusCode.UNSET, statement.getStatus().getStatusCode());
        }
        assertTrue(
                statements.get(5).getAttributes().get(QUERY).endsWith("IN (?) FOR UPDATE"),
                statements.get(5).toString());
    }

    @Test
    void aFailedStatementIsAnErrorSpanWithItsSqlState() {
        PostgresCatalog missing =
                new PostgresCatalog(pool, CatalogSchema.defaults().withTable("no_such_table"));

        assertThrows(CatalogException.class, () -> CatalogSamples.read(missing, CatalogFilter.all()));

        SpanData failed = catalogSpans().getLast();
        assertEquals("SELECT no_such_table", failed.getName());
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals("42P01", failed.getAttributes().get(ERROR_TYPE));
        assertEquals("exception", failed.getEvents().getFirst().getName());
    }

    private List<SpanData> catalogSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getInstrumentationScopeInfo().getName().equals(CatalogSpans.INSTRUMENTATION))
                .toList();
    }
}
