package io.productscanner.runtime.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which catalog rows a job reads. Every source applies it the same way: unset parts do not filter, and a row
 * whose filtered column is null does not match (as in SQL), except that a null {@code auto_crawled} counts as
 * not auto-crawled.
 *
 * @param linkUrlPattern     Postgres ILIKE pattern on link_url ({@code %} any run, {@code _} one character,
 *                           backslash escapes), or null
 * @param saleStatus         exact sale_status, or null
 * @param productId          exact product_id, or null
 * @param limit              the most rows to read, or null for all
 * @param excludeAutoCrawled leave out rows whose auto_crawled is true
 * @param productSetId       exact product_set_id (one row), or null
 */
public record CatalogFilter(
        String linkUrlPattern,
        String saleStatus,
        String productId,
        Integer limit,
        boolean excludeAutoCrawled,
        String productSetId) {
    /** Blank texts count as unset, so a workflow parameter defaulting to "" does not filter. */
    public CatalogFilter {
        linkUrlPattern = blankToNull(linkUrlPattern);
        saleStatus = blankToNull(saleStatus);
        productId = blankToNull(productId);
        productSetId = blankToNull(productSetId);
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be a positive integer, got " + limit);
        }
        if (linkUrlPattern != null) {
            try {
                LikePattern.compile(linkUrlPattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("link_url_pattern " + e.getMessage(), e);
            }
        }
    }

    /** A filter on every column but product_set_id. */
    public CatalogFilter(
            String linkUrlPattern, String saleStatus, String productId, Integer limit, boolean excludeAutoCrawled) {
        this(linkUrlPattern, saleStatus, productId, limit, excludeAutoCrawled, null);
    }

    /** Every row. */
    public static CatalogFilter all() {
        return new CatalogFilter(null, null, null, null, false);
    }

    /** The one row with this product_set_id. */
    public static CatalogFilter productSet(String productSetId) {
        return new CatalogFilter(null, null, null, null, false, productSetId);
    }

    /**
     * What is wrong with the filter keys of a node's config ({@code link_url_pattern}, {@code sale_status},
     * {@code product_id}, {@code product_set_id}, {@code limit}, {@code exclude_auto_crawled}); each problem names
     * its key. Other keys are
     * ignored, and absent or null keys do not filter.
     */
    public static List<String> problems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || config.isMissingNode() || config.isNull()) {
            return problems;
        }
        if (!config.isObject()) {
            problems.add("the catalog filter must be an object, got "
                    + config.getNodeType().name().toLowerCase(Locale.ROOT));
            return problems;
        }
        JsonNode pattern = config.path("link_url_pattern");
        if (isSet(pattern)) {
            if (!pattern.isTextual()) {
                problems.add("link_url_pattern must be a string (an ILIKE pattern such as %oliveyoung.co.kr%)");
            } else if (!pattern.asText().isBlank()) {
                try {
                    LikePattern.compile(pattern.asText());
                } catch (IllegalArgumentException e) {
                    problems.add("link_url_pattern " + e.getMessage());
                }
            }
        }
        if (isSet(config.path("sale_status")) && !config.path("sale_status").isTextual()) {
            problems.add("sale_status must be a string");
        }
        JsonNode productId = config.path("product_id");
        if (isSet(productId) && !productId.isTextual() && !productId.isIntegralNumber()) {
            problems.add("product_id must be a string or an integer");
        }
        JsonNode productSetId = config.path("product_set_id");
        if (isSet(productSetId) && !productSetId.isTextual() && !productSetId.isIntegralNumber()) {
            problems.add("product_set_id must be a string or an integer");
        }
        JsonNode limit = config.path("limit");
        if (isSet(limit) && !(limit.isIntegralNumber() && limit.canConvertToInt() && limit.asInt() > 0)) {
            problems.add("limit must be a positive integer (at most " + Integer.MAX_VALUE + "), got " + limit);
        }
        JsonNode exclude = config.path("exclude_auto_crawled");
        if (isSet(exclude) && !exclude.isBoolean()) {
            problems.add("exclude_auto_crawled must be true or false, got " + exclude);
        }
        return problems;
    }

    /**
     * The filter a node's config describes.
     *
     * @throws IllegalArgumentException listing every {@link #problems(JsonNode) problem}
     */
    public static CatalogFilter fromJson(JsonNode config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid catalog filter: " + String.join("; ", problems));
        }
        if (config == null || !config.isObject()) {
            return all();
        }
        JsonNode limit = config.path("limit");
        return new CatalogFilter(
                text(config.path("link_url_pattern")),
                text(config.path("sale_status")),
                text(config.path("product_id")),
                isSet(limit) ? limit.asInt() : null,
                config.path("exclude_auto_crawled").asBoolean(false),
                text(config.path("product_set_id")));
    }

    /** This filter without its limit, for a source that counts rows itself. */
    public Predicate<CatalogRow> asPredicate() {
        Pattern pattern = linkUrlPattern == null ? null : LikePattern.compile(linkUrlPattern);
        return row -> (pattern == null
                        || row.linkUrl() != null
                                && pattern.matcher(row.linkUrl()).matches())
                && (saleStatus == null || saleStatus.equals(row.saleStatus()))
                && (productId == null || productId.equals(row.productId()))
                && (productSetId == null || productSetId.equals(row.productSetId()))
                && !(excludeAutoCrawled && Boolean.TRUE.equals(row.autoCrawled()));
    }

    private static boolean isSet(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    private static String text(JsonNode value) {
        return isSet(value) ? value.asText() : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
