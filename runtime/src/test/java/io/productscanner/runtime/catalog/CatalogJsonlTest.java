package io.productscanner.runtime.catalog;

import static io.productscanner.runtime.catalog.CatalogSamples.ids;
import static io.productscanner.runtime.catalog.CatalogSamples.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonlCatalog}: one JSON object per line. */
class CatalogJsonlTest {
    @TempDir
    Path dir;

    private JsonlCatalog catalog(String text) throws Exception {
        return new JsonlCatalog(CatalogSamples.write(dir.resolve("catalog.jsonl"), text));
    }

    private String failure(String text) throws Exception {
        return CatalogSamples.readFailure(catalog(text));
    }

    @Test
    void readsTheSampleCatalogBackExactly() throws Exception {
        JsonlCatalog catalog = new JsonlCatalog(CatalogSamples.writeJsonl(dir.resolve("c.jsonl"), CatalogSamples.ROWS));
        assertEquals(CatalogSamples.ROWS, read(catalog, CatalogFilter.all()));
    }

    @Test
    void acceptsNumbersAndTextForIdsAndPricesAndSkipsBlankLines() throws Exception {
        JsonlCatalog catalog = catalog("""
                \uFEFF{"product_set_id": 17, "product_id": 4411, "link_url": "https://a/1", "original_price": "12000",
                  "discounted_price": 9900, "auto_crawled": "t", "updated_at": "2025-01-02 03:04:05+09", "extra": [1]}

                {"product_set_id": "18", "link_url": "https://a/2", "product_name": "", "sale_status": null}
                """.replace("\n  ", " "));
        assertEquals(
                List.of(
                        new CatalogRow(
                                "17",
                                "4411",
                                null,
                                "https://a/1",
                                null,
                                null,
                                12000L,
                                9900L,
                                true,
                                Instant.parse("2025-01-01T18:04:05Z")),
                        new CatalogRow("18", null, "", "https://a/2", null, null, null, null, null, null)),
                read(catalog, CatalogFilter.all()));
    }

    @Test
    void badLinesAreNamedByFileAndLine() throws Exception {
        String file = dir.resolve("catalog.jsonl").toString();
        assertTrue(failure("{\"link_url\": \"u\"}\n{\"link_url\": \n")
                .startsWith("catalog file " + file + " line 2: not valid JSON"));
        assertEquals("catalog file " + file + " line 1: expected a JSON object, got array", failure("[1, 2]\n"));
        assertTrue(
                failure("{\"link_url\": \"u\"} {\"link_url\": \"v\"}\n")
                        .startsWith("catalog file " + file + " line 1: not valid JSON"),
                "two objects on one line are not silently cut to one");
        assertEquals(
                "catalog file " + file + " line 1: original_price must be a whole number of KRW, got '12.5'",
                failure("{\"original_price\": 12.5}"));
        assertEquals(
                "catalog file " + file + " line 1: auto_crawled must be true or false, got 'maybe'",
                failure("{\"auto_crawled\": \"maybe\"}"));
        assertEquals(
                "catalog file " + file + " line 1: product_name must be a string, number or boolean, got object",
                failure("{\"product_name\": {\"ko\": \"x\"}}"));
        assertTrue(failure("{\"updated_at\": \"yesterday\"}")
                .startsWith("catalog file " + file + " line 1: updated_at must be a timestamp"));
    }

    @Test
    void aMissingOrNonUtf8FileIsNamed() throws Exception {
        Path missing = dir.resolve("nope.jsonl");
        assertEquals(
                "cannot read catalog file " + missing + ": no such file",
                assertThrows(CatalogException.class, () -> read(new JsonlCatalog(missing), CatalogFilter.all()))
                        .getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.jsonl"), new byte[] {'{', '}', '\n', '"', (byte) 0xE9, '"'});
        assertEquals(
                "cannot read catalog file " + latin1 + ": not valid UTF-8",
                assertThrows(CatalogException.class, () -> read(new JsonlCatalog(latin1), CatalogFilter.all()))
                        .getMessage());
    }

    @Test
    void stopsReadingOnceTheLimitIsReached() throws Exception {
        JsonlCatalog catalog = catalog("""
                {"product_set_id": "1", "link_url": "https://a/1", "sale_status": "sold_out"}
                {"product_set_id": "2", "link_url": "https://a/2", "sale_status": "on_sale"}
                {"product_set_id": "3", "link_url": "https://a/3", "sale_status": "on_sale"}
                this line is never parsed
                """);
        assertEquals(List.of("2", "3"), ids(catalog, new CatalogFilter(null, "on_sale", null, 2, false)));
        assertThrows(CatalogException.class, () -> ids(catalog, new CatalogFilter(null, "on_sale", null, 3, false)));
    }
}
