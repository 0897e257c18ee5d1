package io.productscanner.runtime.api;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;

/**
 * What the API takes at most, so load that costs a caller nothing cannot cost the service everything.
 *
 * @param maxExtractWaits extract requests waiting for their jobs at once ({@code MAX_EXTRACT_WAITS}); more are
 *                        answered 503 with {@code Retry-After}
 * @param maxSchedules    schedules in all ({@code MAX_SCHEDULES}, 0 for no limit); creating one more is answered
 *                        429 with {@code Retry-After}
 */
public record ApiLimits(int maxExtractWaits, int maxSchedules) {
    /** The defaults of {@code application.yaml}. */
    public static final ApiLimits DEFAULTS = new ApiLimits(64, 1000);

    /** {@code MAX_EXTRACT_WAITS} and {@code MAX_SCHEDULES}. */
    public static ApiLimits from(Settings settings) {
        return new ApiLimits(
                settings.integer(Setting.MAX_EXTRACT_WAITS, 1), settings.integer(Setting.MAX_SCHEDULES, 0));
    }

    public ApiLimits {
        if (maxExtractWaits < 1) {
            throw new IllegalArgumentException("at least one extract wait must be allowed");
        }
        if (maxSchedules < 0) {
            throw new IllegalArgumentException("the schedule limit must not be negative");
        }
    }
}
