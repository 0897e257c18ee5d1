package io.productscanner.runtime.heartbeat;

import java.util.Objects;

/** A job a process is running right now, as its heartbeat reports it. */
public record CurrentJob(String jobId, String platform) {
    public CurrentJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(platform, "platform");
    }
}
