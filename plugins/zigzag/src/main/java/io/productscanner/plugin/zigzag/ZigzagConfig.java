package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.core.PluginConfig;
import io.productscanner.support.http.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Where and how the plugin reads zigzag: {@code zigzag.properties} and {@code zigzag-query.graphql} in this package,
 * each key overridable by the setting {@code ZIGZAG_<KEY>}.
 *
 * @param graphql             the product detail call
 * @param fields              where each snapshot field is in the GraphQL answer
 * @param firstPurchaseWords  badge words marking a first-purchase coupon
 * @param items               how a status is derived from {@code matched_item_list} when the product has none
 * @param statusBySalesStatus {@code sales_status} code → sale status
 * @param nullProductStatus   the sale status of an answer whose {@code catalog_product} is null
 * @param page                the product page cross-check, or null when it is turned off
 * @param http                pacing, retries, timeouts and the headers of every request
 */
record ZigzagConfig(
        Graphql graphql,
        Fields fields,
        List<String> firstPurchaseWords,
        ItemRule items,
        Map<String, SaleStatus> statusBySalesStatus,
        SaleStatus nullProductStatus,
        Page page,
        HttpSettings http) {
    static final String SETTING_PREFIX = "ZIGZAG";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The GraphQL call: POST {@code url} with {@code {query, variables}}, the variables' {@code {id}} replaced.
     *
     * @param headers headers of this request besides the common ones
     */
    record Graphql(
            String url, String query, JsonNode variablesTemplate, String contentType, Map<String, String> headers) {}

    /** JSON pointers into the GraphQL answer; {@code optionInfo} and {@code product} from the root, the rest relative to the product. */
    record Fields(
            JsonPointer optionInfo,
            JsonPointer product,
            JsonPointer name,
            JsonPointer brand,
            JsonPointer images,
            String imageTypeField,
            String imageTypeMain,
            String imageUrlField,
            JsonPointer originalPrice,
            JsonPointer discountPrice,
            JsonPointer finalPrice,
            JsonPointer badgeText,
            JsonPointer salesStatus,
            JsonPointer itemList,
            String itemSalesStatusField) {}

    /** Any item {@code any} → {@code any}; every item {@code all} → {@code all}; else the first item's; none → {@code none}. */
    record ItemRule(String any, String all, String none) {}

    /** The product page: its URL template, headers, and where {@code __NEXT_DATA__} says whether it can be bought. */
    record Page(
            String urlTemplate,
            Map<String, String> headers,
            JsonPointer purchasable,
            JsonPointer salesStatus,
            JsonPointer displayStatus,
            Map<String, SaleStatus> statusBySalesStatus) {}

    ZigzagConfig {
        requireHttpUrl(graphql.url(), "ZIGZAG_GRAPHQL_URL");
        if (page != null) {
            if (!page.urlTemplate().contains("{id}")) {
                throw new IllegalArgumentException(
                        "ZIGZAG_PAGE_URL must contain {id}, was '" + page.urlTemplate() + "'");
            }
            requireHttpUrl(page.urlTemplate().replace("{id}", "1"), "ZIGZAG_PAGE_URL");
        }
        firstPurchaseWords = List.copyOf(firstPurchaseWords);
        statusBySalesStatus = Map.copyOf(statusBySalesStatus);
    }

    /**
     * Reads the defaults and the context's overrides.
     *
     * @throws IllegalArgumentException naming the setting when a value is malformed
     */
    static ZigzagConfig load(PluginContext context) {
        PluginConfig config =
                PluginConfig.load(context, SETTING_PREFIX, ZigzagConfig.class.getResourceAsStream("zigzag.properties"));
        Graphql graphql = new Graphql(
                config.require("GRAPHQL_URL"),
                config.find("GRAPHQL_QUERY").orElseGet(ZigzagConfig::query),
                variables(config),
                config.require("GRAPHQL_CONTENT_TYPE"),
                headers(config, "GRAPHQL_HEADER_"));
        Fields fields = new Fields(
                config.requirePointer("FIELD_OPTION_INFO"),
                config.requirePointer("FIELD_PRODUCT"),
                config.requirePointer("FIELD_NAME"),
                config.requirePointer("FIELD_BRAND"),
                config.requirePointer("FIELD_IMAGES"),
                config.require("IMAGE_TYPE_FIELD"),
                config.require("IMAGE_TYPE_MAIN"),
                config.require("IMAGE_URL_FIELD"),
                config.requirePointer("FIELD_ORIGINAL_PRICE"),
                config.requirePointer("FIELD_DISCOUNT_PRICE"),
                config.requirePointer("FIELD_FINAL_PRICE"),
                config.requirePointer("FIELD_BADGE_TEXT"),
                config.requirePointer("FIELD_SALES_STATUS"),
                config.requirePointer("FIELD_ITEMS"),
                config.require("ITEM_SALES_STATUS_FIELD"));
        Page page = crossCheck(config)
                ? new Page(
                        config.require("PAGE_URL"),
                        headers(config, "PAGE_HEADER_"),
                        config.requirePointer("PAGE_FIELD_PURCHASABLE"),
                        config.requirePointer("PAGE_FIELD_SALES_STATUS"),
                        config.requirePointer("PAGE_FIELD_DISPLAY_STATUS"),
                        config.requireStatusMap("PAGE_STATUS_MAP"))
                : null;
        return new ZigzagConfig(
                graphql,
                fields,
                config.requireList("FIRST_PURCHASE_BADGE_WORDS"),
                new ItemRule(config.require("ITEMS_ANY"), config.require("ITEMS_ALL"), config.require("ITEMS_NONE")),
                config.requireStatusMap("STATUS_MAP"),
                saleStatus(config, "NULL_PRODUCT_STATUS"),
                page,
                HttpSettings.fromConfig(config));
    }

    private static boolean crossCheck(PluginConfig config) {
        String value = config.require("CROSS_CHECK");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(
                    config.settingName("CROSS_CHECK") + " must be true or false, was '" + value + "'");
        }
        return value.equals("true");
    }

    private static JsonNode variables(PluginConfig config) {
        String value = config.require("GRAPHQL_VARIABLES");
        try {
            JsonNode variables = JSON.readTree(value);
            if (variables != null && variables.isObject()) {
                return variables;
            }
        } catch (JacksonException e) {
            // reported below with the setting's name
        }
        throw new IllegalArgumentException(config.settingName("GRAPHQL_VARIABLES") + " must be a JSON object such "
                + "as {\"catalog_product_id\":\"{id}\"}, was '" + value + "'");
    }

    /** {@code GRAPHQL_HEADER_ACCEPT} → {@code Accept}, {@code PAGE_HEADER_ACCEPT_LANGUAGE} → {@code Accept-Language}. */
    private static Map<String, String> headers(PluginConfig config, String prefix) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String key : config.keysStartingWith(prefix)) {
            StringBuilder name = new StringBuilder();
            for (String word : key.substring(prefix.length()).split("_")) {
                if (!word.isEmpty()) {
                    name.append(name.isEmpty() ? "" : "-")
                            .append(word.charAt(0))
                            .append(word.substring(1).toLowerCase(Locale.ROOT));
                }
            }
            headers.put(name.toString(), config.require(key));
        }
        return Map.copyOf(headers);
    }

    private static SaleStatus saleStatus(PluginConfig config, String key) {
        try {
            return SaleStatus.fromWireName(config.require(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.settingName(key) + ": " + e.getMessage(), e);
        }
    }

    private static String query() {
        try (InputStream in = ZigzagConfig.class.getResourceAsStream("zigzag-query.graphql")) {
            if (in == null) {
                throw new IllegalStateException("the zigzag plugin's zigzag-query.graphql is missing from its JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read zigzag-query.graphql", e);
        }
    }

    private static void requireHttpUrl(String url, String settingName) {
        if (HttpUrl.parse(url) == null) {
            throw new IllegalArgumentException(settingName + " must be an http(s) URL, was '" + url + "'");
        }
    }
}
