package io.productscanner.plugin.zigzag;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.http.HttpSettings;
import io.productscanner.support.http.PluginConfig;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where and how the plugin reads zigzag: {@code zigzag.properties} and {@code zigzag-query.graphql} in this package,
 * each key overridable by the setting {@code ZIGZAG_<KEY>}.
 *
 * @param graphql              endpoint, operation and query of the product detail call
 * @param fields               where each snapshot field is in the GraphQL answer
 * @param firstPurchaseWords   badge words marking a first-purchase coupon
 * @param statusBySalesStatus  {@code sales_status} code → sale status
 * @param notFoundErrorCodes   GraphQL error codes meaning the product is gone
 * @param page                 the product page cross-check, or null when it is turned off
 * @param http                 pacing, retries, timeouts and headers of the client
 */
record ZigzagConfig(Graphql graphql, Fields fields, List<String> firstPurchaseWords,
                    Map<String, SaleStatus> statusBySalesStatus, Set<String> notFoundErrorCodes, Page page,
                    HttpSettings http) {
    static final String SETTING_PREFIX = "ZIGZAG";

    /** The GraphQL call: POST {@code url} with {@code {operationName, variables: {idVariable: id}, query}}. */
    record Graphql(String url, String operation, String idVariable, String query) {
    }

    /** JSON pointers into the GraphQL answer; all but {@code product} relative to the product object. */
    record Fields(JsonPointer product, JsonPointer name, JsonPointer brand, JsonPointer images, String imageTypeField,
                  String imageTypeMain, String imageUrlField, JsonPointer originalPrice, JsonPointer discountPrice,
                  JsonPointer finalPrice, JsonPointer badgeText, JsonPointer salesStatus) {
    }

    /** The product page: its URL template and where {@code __NEXT_DATA__} says whether the product can be bought. */
    record Page(String urlTemplate, JsonPointer purchasable, JsonPointer displayStatus,
                Map<String, SaleStatus> statusByDisplayStatus) {
    }

    ZigzagConfig {
        requireHttpUrl(graphql.url(), "ZIGZAG_GRAPHQL_URL");
        if (page != null) {
            if (!page.urlTemplate().contains("{id}")) {
                throw new IllegalArgumentException("ZIGZAG_PAGE_URL must contain {id}, was '" + page.urlTemplate()
                        + "'");
            }
            requireHttpUrl(page.urlTemplate().replace("{id}", "1"), "ZIGZAG_PAGE_URL");
        }
        firstPurchaseWords = List.copyOf(firstPurchaseWords);
        statusBySalesStatus = Map.copyOf(statusBySalesStatus);
        notFoundErrorCodes = Set.copyOf(notFoundErrorCodes);
    }

    /**
     * Reads the defaults and the context's overrides.
     *
     * @throws IllegalArgumentException naming the setting when a value is malformed
     */
    static ZigzagConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(context, SETTING_PREFIX,
                ZigzagConfig.class.getResourceAsStream("zigzag.properties"));
        Graphql graphql = new Graphql(config.require("GRAPHQL_URL"), config.require("GRAPHQL_OPERATION"),
                config.require("GRAPHQL_ID_VARIABLE"), config.find("GRAPHQL_QUERY").orElseGet(ZigzagConfig::query));
        Fields fields = new Fields(pointer(config, "FIELD_PRODUCT"), pointer(config, "FIELD_NAME"),
                pointer(config, "FIELD_BRAND"), pointer(config, "FIELD_IMAGES"), config.require("IMAGE_TYPE_FIELD"),
                config.require("IMAGE_TYPE_MAIN"), config.require("IMAGE_URL_FIELD"),
                pointer(config, "FIELD_ORIGINAL_PRICE"), pointer(config, "FIELD_DISCOUNT_PRICE"),
                pointer(config, "FIELD_FINAL_PRICE"), pointer(config, "FIELD_BADGE_TEXT"),
                pointer(config, "FIELD_SALE_STATUS"));
        Page page = crossCheck(config) ? new Page(config.require("PAGE_URL"),
                pointer(config, "PAGE_FIELD_PURCHASABLE"), pointer(config, "PAGE_FIELD_DISPLAY_STATUS"),
                config.requireStatusMap("PAGE_STATUS_MAP")) : null;
        return new ZigzagConfig(graphql, fields, List.copyOf(config.requireSet("FIRST_PURCHASE_BADGE_WORDS")),
                config.requireStatusMap("STATUS_MAP"), config.requireSet("NOT_FOUND_ERROR_CODES"), page,
                HttpSettings.fromConfig(config));
    }

    private static boolean crossCheck(PluginConfig config) {
        String value = config.require("CROSS_CHECK");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(config.settingName("CROSS_CHECK") + " must be true or false, was '"
                    + value + "'");
        }
        return value.equals("true");
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

    private static JsonPointer pointer(PluginConfig config, String key) {
        String value = config.require(key);
        try {
            return JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.settingName(key) + " must be a JSON pointer such as /name, was '"
                    + value + "'", e);
        }
    }

    private static void requireHttpUrl(String url, String settingName) {
        if (HttpUrl.parse(url) == null) {
            throw new IllegalArgumentException(settingName + " must be an http(s) URL, was '" + url + "'");
        }
    }
}
