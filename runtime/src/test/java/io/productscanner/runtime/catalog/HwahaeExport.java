package io.productscanner.runtime.catalog;

import io.productscanner.runtime.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/**
 * A catalog export with exactly the columns of the original service's {@code product_sets} export
 * ({@code assets/data/hwahae_sample.csv}: uuid keys, no auto_crawled, the text {@code null} for nulls) and rows of our
 * own, pointing at the hwahae fixtures: {@code fixtures/catalog/hwahae_product_sets.csv}.
 */
final class HwahaeExport {
    static final Path CSV = Path.of(System.getProperty("catalog.fixtures.dir", "../fixtures/catalog"))
            .resolve("hwahae_product_sets.csv");

    /** The table as the export's columns imply it, with the constraint the catalog's two words come with. */
    static final String CREATE_TABLE = "CREATE SCHEMA export; CREATE TABLE export.product_sets ("
            + "product_set_id uuid PRIMARY KEY, product_id uuid, platform_id uuid, product_name text, link_url text, "
            + "md_pick boolean, created_at timestamptz, updated_at timestamptz, thumbnail text, "
            + "normalized_product_name text, label text, volume numeric, volume_unit text, "
            + "sale_status text NOT NULL CHECK (sale_status IN ('on_sale', 'off_sale')), original_price integer, "
            + "discounted_price integer)";

    /** The rows as any catalog source reads them. */
    static final List<CatalogRow> ROWS = List.of(
            new CatalogRow(
                    "1b6f0e2a-4c1d-4e8b-9a51-3d2c7e9f0a11",
                    "7c3e2d1f-9b8a-4f6e-8d5c-1a2b3c4d5e61",
                    "라운드랩 1025 독도 토너 200ml",
                    "https://www.hwahae.co.kr/goods/21320",
                    "https://img.hwahae.co.kr/commerce/goods/20240705_roundlab-dokdo-toner.png?format=webp"
                            + "&size=600x600&fit=inside",
                    "on_sale",
                    32000L,
                    25600L,
                    null,
                    Instant.parse("2025-10-21T04:07:49.241Z")),
            new CatalogRow(
                    "2d8a4b6c-1e3f-4a5b-8c7d-9e0f1a2b3c22",
                    "8d4f3e2a-0c9b-4a7f-9e6d-2b3c4d5e6f72",
                    "닥터지 레드 블레미쉬 클리어 수딩 크림 70ml",
                    "https://www.hwahae.co.kr/goods/30001",
                    null,
                    "on_sale",
                    38000L,
                    38000L,
                    null,
                    Instant.parse("2025-10-28T00:16:55.368Z")),
            new CatalogRow(
                    "3e9b5c7d-2f4a-4b6c-9d8e-0f1a2b3c4d33",
                    "9e5a4f3b-1d0c-4b8a-8f7e-3c4d5e6f7a83",
                    "아크네스 모공 클렌징 폼 150ml",
                    "https://www.hwahae.co.kr/goods/40400",
                    null,
                    "on_sale",
                    12000L,
                    9900L,
                    null,
                    Instant.parse("2025-10-21T07:07:31.555Z")),
            new CatalogRow(
                    "4fac6d8e-3a5b-4c7d-8e9f-1a2b3c4d5e44",
                    "0f6b5a4c-2e1d-4c9b-9a8f-4d5e6f7a8b94",
                    "마녀공장 퓨어 클렌징 오일 200ml",
                    "https://www.hwahae.co.kr/goods/50000",
                    null,
                    "on_sale",
                    23000L,
                    16100L,
                    null,
                    Instant.parse("2025-09-12T05:07:32.735Z")),
            new CatalogRow(
                    "5abd7e9f-4b6c-4d8e-9fa0-2b3c4d5e6f55",
                    "1a7c6b5d-3f2e-4dab-8b9a-5e6f7a8b9ca5",
                    "판매 종료",
                    "https://www.hwahae.co.kr/goods/30002",
                    null,
                    "off_sale",
                    null,
                    null,
                    null,
                    Instant.parse("2025-09-12T05:09:11.755Z")));

    private HwahaeExport() {}

    /** Creates the table and loads every column of the export as it is, the text {@code null} as NULL. */
    static void load(CatalogDatabase database) throws SQLException, IOException {
        try (Connection connection = TestPostgres.connect(database);
                Reader reader = Files.newBufferedReader(CSV, StandardCharsets.UTF_8)) {
            connection.createStatement().execute(CREATE_TABLE);
            CsvRecords records = new CsvRecords(new BufferedReader(reader));
            List<String> header = records.next();
            String sql = "INSERT INTO export.product_sets (" + String.join(", ", header) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(header.size(), "?")) + ")";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                List<String> record;
                while ((record = records.next()) != null) {
                    for (int i = 0; i < record.size(); i++) {
                        String value = record.get(i);
                        // untyped, so Postgres casts the text to each column's type, as COPY would
                        if (value.equals("null")) {
                            insert.setNull(i + 1, Types.OTHER);
                        } else {
                            insert.setObject(i + 1, value, Types.OTHER);
                        }
                    }
                    insert.executeUpdate();
                }
            }
        }
    }
}
