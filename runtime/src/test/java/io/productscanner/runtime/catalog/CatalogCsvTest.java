package io.productscanner.runtime.catalog;

import static io.productscanner.runtime.catalog.CatalogSamples.ids;
import static io.productscanner.runtime.catalog.CatalogSamples.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CsvCatalog} and its RFC 4180 parser. */
class CatalogCsvTest {
    @TempDir
    Path dir;

    private static List<List<String>> records(String csv) throws Exception {
        CsvRecords records = new CsvRecords(new StringReader(csv));
        List<List<String>> all = new ArrayList<>();
        for (List<String> record = records.next(); record != null; record = records.next()) {
            all.add(record);
        }
        return all;
    }

    private CsvCatalog catalog(String text) throws Exception {
        return new CsvCatalog(CatalogSamples.write(dir.resolve("catalog.csv"), text));
    }

    private String failure(String text) throws Exception {
        return CatalogSamples.readFailure(catalog(text));
    }

    @Test
    void parsesQuotedCommasQuotesLineBreaksAndEmptyFields() throws Exception {
        assertEquals(
                List.of(
                        List.of("a", "b,c", "say \"hi\"", ""),
                        List.of("", "", "line1\r\nline2", "\""),
                        List.of("", ""),
                        List.of("last", "")),
                records("a,\"b,c\",\"say \"\"hi\"\"\",\r\n,\"\",\"line1\r\nline2\",\"\"\"\"\n,\r\nlast,"));
    }

    @Test
    void acceptsLfCrLfAndCrLineEndingsWithOrWithoutAFinalOne() throws Exception {
        List<List<String>> expected = List.of(List.of("a", "b"), List.of("c", "d"));
        assertEquals(expected, records("a,b\nc,d"));
        assertEquals(expected, records("a,b\r\nc,d\r\n"));
        assertEquals(expected, records("a,b\rc,d\r"));
        assertEquals(List.of(), records(""));
    }

    @Test
    void countsPhysicalLinesForRecordsSpanningSeveral() throws Exception {
        CsvRecords records = new CsvRecords(new StringReader("h\r\n\"x\r\ny\nz\"\r\nnext\rlast"));
        records.next();
        assertEquals(1, records.recordLine());
        assertEquals(List.of("x\r\ny\nz"), records.next());
        assertEquals(2, records.recordLine());
        records.next();
        assertEquals(5, records.recordLine());
        records.next();
        assertEquals(6, records.recordLine());
    }

    @Test
    void malformedQuotingIsAnErrorNamingTheLine() {
        assertEquals(
                "line 2: a quote inside an unquoted field (quote the whole field and double the quote)",
                assertThrows(IllegalArgumentException.class, () -> records("a\nb\"c\n"))
                        .getMessage());
        assertEquals(
                "line 1: text after a closing quote (double a quote that belongs to the field)",
                assertThrows(IllegalArgumentException.class, () -> records("\"a\"b,c"))
                        .getMessage());
        assertEquals(
                "line 2: a quoted field is never closed",
                assertThrows(IllegalArgumentException.class, () -> records("a\n\"b,c\nd"))
                        .getMessage());
    }

    @Test
    void readsTheSampleCatalogBackExactly() throws Exception {
        CsvCatalog catalog = new CsvCatalog(CatalogSamples.writeCsv(dir.resolve("c.csv"), CatalogSamples.ROWS));
        assertEquals(CatalogSamples.ROWS, read(catalog, CatalogFilter.all()));
    }

    @Test
    void headerNamesColumnsInAnyOrderWithUnknownOnesIgnored() throws Exception {
        CsvCatalog catalog = catalog("\uFEFFnote, link_url ,product_set_id,original_price,auto_crawled,updated_at\r\n"
                + "\"first, really\",https://a/1,7,\"15000\",true,2025-05-06T07:08:09.5Z\r\n"
                + "\r\n"
                + ",https://a/2,8,,,\r\n");
        assertEquals(
                List.of(
                        new CatalogRow(
                                "7",
                                null,
                                null,
                                "https://a/1",
                                null,
                                null,
                                15000L,
                                null,
                                true,
                                Instant.parse("2025-05-06T07:08:09.500Z")),
                        new CatalogRow("8", null, null, "https://a/2", null, null, null, null, null, null)),
                read(catalog, CatalogFilter.all()));
    }

    @Test
    void problemsNameTheFileAndLine() throws Exception {
        String file = dir.resolve("catalog.csv").toString();
        assertEquals(
                "catalog file " + file + " is empty: expected a header row such as "
                        + "product_set_id,link_url,product_name",
                failure(""));
        assertEquals(
                "catalog file " + file + " line 1: the header has no link_url column (it has 1 "
                        + "column, none named link_url)",
                failure("product_set_id;link_url\n1;https://a\n"));
        assertEquals(
                "catalog file " + file + " line 1: the header names column link_url twice",
                failure("link_url,link_url\na,b\n"));
        assertEquals(
                "catalog file " + file + " line 3: has 3 fields, the header has 2",
                failure("product_set_id,link_url\n1,https://a/1\n2,https://a/2,extra\n"));
        assertEquals(
                "catalog file " + file + " line 4: original_price must be a whole number of KRW, got '1,000'",
                failure("product_set_id,link_url,original_price\n1,\"https://a/\n1\",1000\n2,https://a/2,\"1,000\"\n"));
        assertEquals(
                "catalog file " + file + " line 2: a quote inside an unquoted field (quote the whole field "
                        + "and double the quote)",
                failure("link_url\nhttps://a/\"x\"\n"));
    }

    @Test
    void filtersAndStopsAtTheLimit() throws Exception {
        CsvCatalog catalog = catalog("""
                product_set_id,link_url,sale_status,auto_crawled
                1,https://www.musinsa.com/products/1,on_sale,false
                2,https://www.oliveyoung.co.kr/p?goodsNo=2,on_sale,true
                3,https://www.oliveyoung.co.kr/p?goodsNo=3,on_sale,
                4,https://www.oliveyoung.co.kr/p?goodsNo=4,on_sale,f
                "never parsed
                """);
        assertEquals(List.of("3", "4"), ids(catalog, new CatalogFilter("%oliveyoung%", null, null, 2, true)));
        assertThrows(
                CatalogException.class, () -> ids(catalog, new CatalogFilter("%oliveyoung%", null, null, 3, true)));
    }

    @Test
    void aRealProductSetsExportLoadsWithNoMappingItsNullTextsReadAsAbsent() {
        // exactly the columns of the original service's export, "null" for nulls, Postgres' own timestamp text
        List<CatalogRow> rows = read(new CsvCatalog(HwahaeExport.CSV), CatalogFilter.all());

        assertEquals(HwahaeExport.ROWS, rows);
    }

    @Test
    void theTextNullIsAbsentInEveryColumnButAQuotedEmptyNameStaysEmpty() throws Exception {
        List<CatalogRow> rows = read(
                catalog("product_set_id,link_url,product_name,original_price,sale_status\n"
                        + "ps-1,https://www.hwahae.co.kr/goods/1,null,null,on_sale\n"),
                CatalogFilter.all());

        assertEquals(
                new CatalogRow(
                        "ps-1",
                        null,
                        null,
                        "https://www.hwahae.co.kr/goods/1",
                        null,
                        "on_sale",
                        null,
                        null,
                        null,
                        null),
                rows.getFirst());
    }
}
