package io.productscanner.runtime.config;

import java.util.Optional;

/**
 * Settings by their environment name, including those the runtime does not list itself: each plugin reads its
 * own ({@code MUSINSA_API_URL}, {@code OLIVEYOUNG_MAX_BODY_BYTES}) through its plugin context.
 */
@FunctionalInterface
public interface RawSettings {
    /** The value, trimmed; empty when unset or blank. */
    Optional<String> raw(String name);
}
