package io.productscanner.runtime.worker;

import io.productscanner.runtime.config.Setting;
import io.productscanner.runtime.config.Settings;
import java.time.Duration;

/**
 * How the workers of this process wait for jobs and stop.
 *
 * @param pollInterval  {@code POLL_INTERVAL_MS}: the safety-net poll; a new job wakes an idle worker at once
 * @param shutdownGrace {@code SHUTDOWN_GRACE_MS}: how long a stopping worker lets its running job finish before
 *                      handing it back to the queue
 */
public record WorkerConfig(Duration pollInterval, Duration shutdownGrace) {
    public static WorkerConfig from(Settings settings) {
        return new WorkerConfig(settings.millis(Setting.POLL_INTERVAL_MS), settings.millis(Setting.SHUTDOWN_GRACE_MS));
    }
}
