package io.productscanner.runtime.catalog;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A small catalog with the awkward cases, and ways to put it into Postgres, JSONL and CSV alike. */
final class CatalogSamples {
    static final Instant UPDATED = Instant.parse("2025-01-02T03:04:05.123456Z");

    /** In product_set_id order, which is also file order. */
    static final List<CatalogRow> ROWS = List.of(
            new CatalogRow(
                    "ps-01",
                    "A000000001",
                    "토너 200ml",
                    "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000001",
                    "https://image.oliveyoung.co.kr/a1.jpg",
                    "on_sale",
                    25000L,
                    19900L,
                    false,
                    UPDATED),
            new CatalogRow(
                    "ps-02",
                    "A000000002",
                    "Cream, \"Rich\" 50ml",
                    "https://www.oliveyoung.co.kr/store/goods/getGoodsDetail.do?goodsNo=A000000002",
                    null,
                    "sold_out",
                    30000L,
                    null,
                    true,
                    UPDATED),
            new CatalogRow(
                    "ps-03",
                    "1234567",
                    "셔츠",
                    "https://www.musinsa.com/products/1234567",
                    null,
                    "on_sale",
                    59000L,
                    41300L,
                    null,
                    null),
            new CatalogRow(
                    "ps-04",
                    "21320",
                    "선크림\nSPF50",
                    "https://www.hwahae.co.kr/goods/21320",
                    null,
                    "off_sale",
                    18000L,
                    18000L,
                    false,
                    UPDATED),
            new CatalogRow(
                    "ps-05",
                    "x1",
                    "literal underscore",
                    "https://example.com/a_b%25",
                    null,
                    "on_sale",
                    null,
                    null,
                    false,
                    UPDATED),
            new CatalogRow("ps-06", "x2", "no url", null, null, "on_sale", 1000L, 900L, false, UPDATED),
            new CatalogRow(
                    "ps-07",
                    "A000000007",
                    "UPPER",
                    "HTTPS://WWW.OLIVEYOUNG.CO.KR/STORE/GOODS/GETGOODSDETAIL.DO?GOODSNO=A000000007",
                    null,
                    "on_sale",
                    12000L,
                    12000L,
                    true,
                    UPDATED),
            new CatalogRow(
                    "ps-08",
                    "x3",
                    "wildcard underscore",
                    "https://example.com/axb",
                    null,
                    "sold_out",
                    null,
                    null,
                    null,
                    UPDATED));

    private CatalogSamples() {}

    static String createTable(String table) {
        return "CREATE TABLE " + table + " (product_set_id text PRIMARY KEY, product_id text, product_name text, "
                + "link_url text, thumbnail text, sale_status text, original_price integer, "
                + "discounted_price integer, auto_crawled boolean, updated_at timestamptz)";
    }

    static void insert(CatalogDatabase database, String table, List<CatalogRow> rows) throws SQLException {
        try (Connection connection = TestPostgres.connect(database);
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CatalogRow row : rows) {
                insert.setString(1, row.productSetId());
                insert.setString(2, row.productId());
                insert.setString(3, row.productName());
                insert.setString(4, row.linkUrl());
                insert.setString(5, row.thumbnail());
                insert.setString(6, row.saleStatus());
                insert.setObject(7, row.originalPrice(), Types.INTEGER);
                insert.setObject(8, row.discountedPrice(), Types.INTEGER);
                insert.setObject(9, row.autoCrawled(), Types.BOOLEAN);
                insert.setTimestamp(10, row.updatedAt() == null ? null : Timestamp.from(row.updatedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static Path writeJsonl(Path file, List<CatalogRow> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        for (CatalogRow row : rows) {
            ObjectNode json = Json.MAPPER.createObjectNode();
            json.put("product_set_id", row.productSetId());
            json.put("product_id", row.productId());
            json.put("product_name", row.productName());
            json.put("link_url", row.linkUrl());
            json.put("thumbnail", row.thumbnail());
            json.put("sale_status", row.saleStatus());
            json.put("original_price", row.originalPrice());
            json.put("discounted_price", row.discountedPrice());
            json.put("auto_crawled", row.autoCrawled());
            json.put(
                    "updated_at",
                    row.updatedAt() == null ? null : row.updatedAt().toString());
            lines.add(Json.write(json));
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Columns in a different order than the table's, and times in Postgres' text form, as psql exports them. */
    static Path writeCsv(Path file, List<CatalogRow> rows) throws IOException {
        StringBuilder csv = new StringBuilder("link_url,product_set_id,product_id,product_name,thumbnail,"
                + "sale_status,original_price,discounted_price,auto_crawled,updated_at\r\n");
        for (CatalogRow row : rows) {
            csv.append(List.of(
                                    field(row.linkUrl()),
                                    field(row.productSetId()),
                                    field(row.productId()),
                                    field(row.productName()),
                                    field(row.thumbnail()),
                                    field(row.saleStatus()),
                                    field(row.originalPrice()),
                                    field(row.discountedPrice()),
                                    row.autoCrawled() == null ? "" : row.autoCrawled() ? "t" : "f",
                                    row.updatedAt() == null
                                            ? ""
                                            : row.updatedAt()
                                                    .toString()
                                                    .replace('T', ' ')
                                                    .replace("Z", "+00"))
                            .stream()
                            .collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        return text.matches("(?s).*[\",\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    static List<CatalogRow> read(CatalogSource source, CatalogFilter filter) {
        List<CatalogRow> rows = new ArrayList<>();
        source.read(filter, rows::add);
        return rows;
    }

    static List<String> ids(CatalogSource source, CatalogFilter filter) {
        return read(source, filter).stream().map(CatalogRow::productSetId).toList();
    }

    /** {@code file} holding {@code text} in UTF-8, as an operator would have written a catalog file. */
    static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The message {@code source} refuses to be read with; fails when it reads. */
    static String readFailure(CatalogSource source) {
        return assertThrows(CatalogException.class, () -> read(source, CatalogFilter.all()))
                .getMessage();
    }
}
