package io.productscanner.plugin.musinsa;

import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.http.HttpSettings;
import io.productscanner.support.http.PluginConfig;
import okhttp3.HttpUrl;

import java.util.Map;
import java.util.Set;

/**
 * Where and how the plugin reads musinsa: {@code musinsa.properties} in this package, each key overridable by the
 * setting {@code MUSINSA_<KEY>}.
 *
 * @param apiUrlTemplate       goods-detail endpoint with an {@code {id}} placeholder
 * @param imageBaseUrl         host that thumbnail paths are relative to, without a trailing slash
 * @param statusBySaleType     {@code goodsSaleType} code → sale status
 * @param notFoundErrorCodes   {@code meta.errorCode} values meaning deleted or private
 * @param http                 pacing, retries, timeouts and headers of the API client
 */
record MusinsaConfig(String apiUrlTemplate, String imageBaseUrl, Map<String, SaleStatus> statusBySaleType,
                     Set<String> notFoundErrorCodes, HttpSettings http) {
    static final String SETTING_PREFIX = "MUSINSA";
    static final String API_URL = "API_URL";
    static final String IMAGE_BASE_URL = "IMAGE_BASE_URL";
    static final String STATUS_MAP = "STATUS_MAP";
    static final String NOT_FOUND_ERROR_CODES = "NOT_FOUND_ERROR_CODES";

    MusinsaConfig {
        if (!apiUrlTemplate.contains("{id}") || HttpUrl.parse(apiUrlTemplate.replace("{id}", "1")) == null) {
            throw new IllegalArgumentException("MUSINSA_API_URL must be an http(s) URL containing {id}, was '"
                    + apiUrlTemplate + "'");
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
        PluginConfig config = PluginConfig.load(context, SETTING_PREFIX,
                MusinsaConfig.class.getResourceAsStream("musinsa.properties"));
        String imageBase = config.require(IMAGE_BASE_URL);
        return new MusinsaConfig(
                config.require(API_URL),
                imageBase.endsWith("/") ? imageBase.substring(0, imageBase.length() - 1) : imageBase,
                config.requireStatusMap(STATUS_MAP),
                config.requireSet(NOT_FOUND_ERROR_CODES),
                HttpSettings.fromConfig(config));
    }
}
