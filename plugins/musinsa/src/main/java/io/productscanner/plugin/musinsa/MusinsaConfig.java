package io.productscanner.plugin.musinsa;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.core.PluginConfig;
import io.productscanner.support.http.HttpSettings;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Where and how the plugin reads musinsa: {@code musinsa.properties} in this package, each key overridable by the
 * setting {@code MUSINSA_<KEY>}.
 *
 * @param apiUrlTemplate       goods-detail endpoint with an {@code {id}} placeholder
 * @param imageBaseUrl         host that thumbnail paths are relative to, without a trailing slash
 * @param fields               where each field is in the answer
 * @param statusBySaleType     {@code goodsSaleType} code → sale status
 * @param notFoundErrorCodes   {@code meta.errorCode} values meaning the product is gone
 * @param http                 pacing, retries, timeouts and headers of the API client
 */
record MusinsaConfig(
        String apiUrlTemplate,
        String imageBaseUrl,
        Fields fields,
        Map<String, SaleStatus> statusBySaleType,
        Set<String> notFoundErrorCodes,
        HttpSettings http) {
    static final String SETTING_PREFIX = "MUSINSA";
    static final String API_URL = "API_URL";
    static final String IMAGE_BASE_URL = "IMAGE_BASE_URL";
    static final String STATUS_MAP = "STATUS_MAP";
    static final String NOT_FOUND_ERROR_CODES = "NOT_FOUND_ERROR_CODES";

    /** JSON pointers into the goods-detail answer. */
    record Fields(
            JsonPointer data,
            JsonPointer name,
            JsonPointer brand,
            JsonPointer thumbnail,
            JsonPointer originalPrice,
            JsonPointer salePrice,
            JsonPointer couponPrice,
            JsonPointer couponApplies,
            JsonPointer saleType,
            JsonPointer membersOnly,
            JsonPointer errorCode,
            JsonPointer errorMessage) {}

    MusinsaConfig {
        if (!apiUrlTemplate.contains("{id}") || HttpUrl.parse(apiUrlTemplate.replace("{id}", "1")) == null) {
            throw new IllegalArgumentException(
                    "MUSINSA_API_URL must be an http(s) URL containing {id}, was '" + apiUrlTemplate + "'");
        }
        statusBySaleType = Map.copyOf(statusBySaleType);
        notFoundErrorCodes = Set.copyOf(notFoundErrorCodes);
    }

    /**
     * Reads the defaults and the context's overrides.
     *
     * @throws IllegalArgumentException naming the setting when a value is malformed
     */
    static MusinsaConfig load(PluginContext context) {
        PluginConfig config = PluginConfig.load(
                context, SETTING_PREFIX, MusinsaConfig.class.getResourceAsStream("musinsa.properties"));
        String imageBase = config.require(IMAGE_BASE_URL);
        return new MusinsaConfig(
                config.require(API_URL),
                imageBase.endsWith("/") ? imageBase.substring(0, imageBase.length() - 1) : imageBase,
                new Fields(
                        config.requirePointer("FIELD_DATA"),
                        config.requirePointer("FIELD_NAME"),
                        config.requirePointer("FIELD_BRAND"),
                        config.requirePointer("FIELD_THUMBNAIL"),
                        config.requirePointer("FIELD_ORIGINAL_PRICE"),
                        config.requirePointer("FIELD_SALE_PRICE"),
                        config.requirePointer("FIELD_COUPON_PRICE"),
                        config.requirePointer("FIELD_COUPON_APPLIES"),
                        config.requirePointer("FIELD_SALE_TYPE"),
                        config.requirePointer("FIELD_MEMBERS_ONLY"),
                        config.requirePointer("FIELD_ERROR_CODE"),
                        config.requirePointer("FIELD_ERROR_MESSAGE")),
                config.requireStatusMap(STATUS_MAP),
                config.requireSet(NOT_FOUND_ERROR_CODES),
                HttpSettings.fromConfig(config));
    }
}
