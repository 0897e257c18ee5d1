package io.productscanner.runtime.product;

import io.productscanner.spi.SaleStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog's own words for a scanner's sale status. Scanners say {@code on_sale}, {@code sold_out},
 * {@code off_sale} or {@code not_found}; the catalog ({@code product_sets.sale_status}) holds only {@code on_sale}
 * and {@code off_sale}, so by default a sold-out or vanished product is written as {@code off_sale}, as the original
 * service does. {@code CATALOG_SALE_STATUS_MAP} changes the words, e.g. {@code sold_out:sold_out} for a catalog that
 * keeps sold-out apart.
 *
 * @param catalogValues the catalog value of every scanner status
 */
public record SaleStatusVocabulary(Map<SaleStatus, String> catalogValues) {
    public static final String DEFAULT_MAP = "on_sale:on_sale,sold_out:off_sale,off_sale:off_sale,not_found:off_sale";

    public SaleStatusVocabulary {
        Map<SaleStatus, String> complete = new EnumMap<>(SaleStatus.class);
        for (SaleStatus status : SaleStatus.values()) {
            String value = catalogValues.get(status);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("no catalog value for " + status.wireName());
            }
            complete.put(status, value.trim());
        }
        catalogValues = Map.copyOf(complete);
    }

    /** The original service's words: on sale stays on sale, everything else is off sale. */
    public static SaleStatusVocabulary defaults() {
        return parse(DEFAULT_MAP);
    }

    /**
     * Reads {@code scanner_status:catalog_value} pairs separated by commas; statuses left out keep their default.
     *
     * @throws IllegalArgumentException naming the pair that is not of that form or names no scanner status
     */
    public static SaleStatusVocabulary parse(String map) {
        Map<SaleStatus, String> values = new EnumMap<>(SaleStatus.class);
        if (!map.equals(DEFAULT_MAP)) {
            values.putAll(defaults().catalogValues());
        }
        for (String pair : map.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            String status = colon < 0 ? "" : pair.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (status.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not scanner_status:catalog_value");
            }
            values.put(SaleStatus.fromWireName(status), value);
        }
        return new SaleStatusVocabulary(values);
    }

    /** What the catalog holds for a product the scan found in this status. */
    public String catalogValue(SaleStatus status) {
        return catalogValues.get(status);
    }

    /** The catalog value of a scanner status given by its wire name ({@code sold_out}); null for none or blank. */
    public String catalogValue(String scannerStatus) {
        return scannerStatus == null || scannerStatus.isBlank()
                ? null
                : catalogValue(SaleStatus.fromWireName(scannerStatus.trim()));
    }

    /** The catalog value a product that cannot be bought gets; the word {@code auto_crawled} rows are held at. */
    public String offSale() {
        return catalogValue(SaleStatus.OFF_SALE);
    }

    /**
     * Whether an expected sale status agrees with a scanned one: it names the scanned status in the catalog's words
     * ({@code off_sale} for a sold-out product, by default) or in the scanner's own ({@code sold_out}).
     */
    public boolean agrees(String expected, SaleStatus scanned) {
        String want = expected.trim();
        return want.equals(catalogValue(scanned)) || want.equals(scanned.wireName());
    }
}
