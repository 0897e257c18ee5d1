package io.productscanner.plugin.hwahae;

import com.fasterxml.jackson.core.JsonPointer;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.SaleStatus;
import io.productscanner.support.core.PluginConfig;
import io.productscanner.support.http.HttpSettings;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * Where and how the plugin reads hwahae: {@code hwahae.properties} in this package, each key overridable by the
 * setting {@code HWAHAE_<KEY>}.
 *
 * @param apiUrlTemplate        commerce goods endpoint with an {@code {id}} placeholder
 * @param fields                where each snapshot field is in the answer
 * @param statusBySaleStatus    {@code sale_status} code → sale status
 * @param notFoundHttpStatuses  HTTP statuses meaning the goods no longer exist
 * @param http                  pacing, retries, timeouts and headers of the API client
 */
record HwahaeConfig(
        String apiUrlTemplate,
        Fields fields,
        Map<String, SaleStatus> statusBySaleStatus,
        Set<Integer> notFoundHttpStatuses,
        HttpSettings http) {
    static final String SETTING_PREFIX = "HWAHAE";

    /** JSON pointers into the goods answer. */
    record Fields(
            JsonPointer name,
            JsonPointer thumbnail,
            JsonPointer originalPrice,
            JsonPointer salePrice,
            JsonPointer saleStatus) {}

    HwahaeConfig {
        if (!apiUrlTemplate.contains("{id}") || HttpUrl.parse(apiUrlTemplate.replace("{id}", "1")) == null) {
            throw new IllegalArgumentException(
                    "HWAHAE_API_URL must be an http(s) URL containing {id}, was '" + apiUrlTemplate + "'");
        }
        statusBySaleStatus = Map.copyOf(statusBySaleStatus);
        notFoundHttpStatuses = Set.copyOf(notFoundHttpStatuses);
    }

    /**
     * Reads the defaults and the context's overrides.
     *
     * @throws IllegalArgumentException naming the setting when a value is malformed
     */
    static HwahaeConfig load(PluginContext context) {
        PluginConfig config =
                PluginConfig.load(context, SETTING_PREFIX, HwahaeConfig.class.getResourceAsStream("hwahae.properties"));
        Fields fields = new Fields(
                config.requirePointer("FIELD_NAME"),
                config.requirePointer("FIELD_THUMBNAIL"),
                config.requirePointer("FIELD_ORIGINAL_PRICE"),
                config.requirePointer("FIELD_SALE_PRICE"),
                config.requirePointer("FIELD_SALE_STATUS"));
        return new HwahaeConfig(
                config.require("API_URL"),
                fields,
                config.requireStatusMap("STATUS_MAP"),
                httpStatuses(config, "NOT_FOUND_HTTP_STATUSES"),
                HttpSettings.fromConfig(config));
    }

    private static Set<Integer> httpStatuses(PluginConfig config, String key) {
        try {
            return config.requireSet(key).stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    config.settingName(key) + " must list HTTP statuses such as 404, was '" + config.require(key) + "'",
                    e);
        }
    }
}
