package io.productscanner.runtime.catalog;

import io.productscanner.runtime.logging.LogEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The catalog as a CSV file (UTF-8, RFC 4180, with or without the byte order mark spreadsheets write). The
 * header row names the columns by their standard names ({@code product_set_id}, {@code link_url}, ...) in any
 * order; it must have {@code link_url}, other columns are optional and unknown ones ignored. An empty field is
 * null, and so is the text {@code null}, which is how a Supabase table export writes a null. Rows come in file
 * order and are read one record at a time.
 */
public final class CsvCatalog implements CatalogSource {
    private static final System.Logger LOG = System.getLogger(CsvCatalog.class.getName());
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** A null as Supabase's CSV export writes it. */
    private static final String NULL_TEXT = "null";

    private final Path file;
    /** How messages and logs name the file. */
    private final String name;

    public CsvCatalog(Path file) {
        this(file, file.toString());
    }

    /** @param name how messages and logs name the file, e.g. its name in the catalog directory */
    CsvCatalog(Path file, String name) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String describe() {
        return "file " + name;
    }

    /** Where each known column is in a record, and how many fields every record has. */
    private record Header(Map<CatalogColumn, Integer> positions, int width) {}

    @Override
    public void read(CatalogFilter filter, Consumer<CatalogRow> each) {
        Predicate<CatalogRow> matches = filter.asPredicate();
        int remaining = filter.limit() == null ? Integer.MAX_VALUE : filter.limit();
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            skipByteOrderMark(reader);
            CsvRecords records = new CsvRecords(reader);
            Header header = header(records);
            List<String> record;
            while (remaining > 0 && (record = next(records)) != null) {
                if (record.size() == 1 && record.getFirst().isEmpty()) {
                    continue; // a blank line
                }
                if (record.size() != header.width()) {
                    throw problem(
                            records.recordLine(), "has " + record.size() + " fields, the header has " + header.width());
                }
                CatalogRow row = row(record, header, records.recordLine());
                if (matches.test(row)) {
                    each.accept(row);
                    rows++;
                    remaining--;
                }
            }
        } catch (IOException e) {
            throw new CatalogException("cannot read catalog file " + name + ": " + FileErrors.describe(e), e);
        }
        LogEvent.info(LOG, "catalog.read", "source", "csv", "file", name, "rows", rows);
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != BYTE_ORDER_MARK) {
            reader.reset();
        }
    }

    private Header header(CsvRecords records) throws IOException {
        List<String> names = next(records);
        if (names == null) {
            throw new CatalogException("catalog file " + name + " is empty: expected a header row such as "
                    + "product_set_id,link_url,product_name");
        }
        Map<CatalogColumn, Integer> positions = new EnumMap<>(CatalogColumn.class);
        for (int i = 0; i < names.size(); i++) {
            int position = i;
            String name = names.get(i).trim();
            CatalogColumn.fromStandardName(name).ifPresent(column -> {
                if (positions.put(column, position) != null) {
                    throw problem(records.recordLine(), "the header names column " + name + " twice");
                }
            });
        }
        if (!positions.containsKey(CatalogColumn.LINK_URL)) {
            // the header's own text stays out: the message goes to whoever submitted the job
            throw problem(
                    records.recordLine(),
                    "the header has no link_url column (it has " + names.size()
                            + (names.size() == 1 ? " column" : " columns") + ", none named link_url)");
        }
        return new Header(Map.copyOf(positions), names.size());
    }

    private CatalogRow row(List<String> record, Header header, int line) {
        try {
            return TextRows.parse(column -> {
                Integer position = header.positions().get(column);
                String text = position == null ? null : record.get(position);
                return text == null || text.isEmpty() || text.equals(NULL_TEXT) ? null : text;
            });
        } catch (IllegalArgumentException e) {
            throw problem(line, e.getMessage());
        }
    }

    private List<String> next(CsvRecords records) throws IOException {
        try {
            return records.next();
        } catch (IllegalArgumentException e) {
            throw new CatalogException("catalog file " + name + " " + e.getMessage(), e);
        }
    }

    private CatalogException problem(int line, String message) {
        return new CatalogException("catalog file " + name + " line " + line + ": " + message);
    }
}
