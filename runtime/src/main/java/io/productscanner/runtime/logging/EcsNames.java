package io.productscanner.runtime.logging;

import java.util.Set;

/**
 * Where an event's own field goes in an Elastic Common Schema line. At the top level under its own name
 * ({@code job_id}, {@code platform}, {@code duration_ms}), as ecs-logging writes MDC entries; but a name ECS gives
 * a meaning or an object of its own ({@code error}, {@code url}, {@code host}, {@code service}...) would clash
 * with ECS's fields once Elasticsearch expands the dotted keys, so such a field is written as {@code scanner.<name>}.
 */
final class EcsNames {
    /** ECS's top-level fields and field sets (ECS 8.11). */
    private static final Set<String> ECS_TOP_LEVEL = Set.of(
            "@timestamp",
            "message",
            "tags",
            "labels",
            "agent",
            "as",
            "client",
            "cloud",
            "container",
            "data_stream",
            "destination",
            "device",
            "dll",
            "dns",
            "ecs",
            "email",
            "error",
            "event",
            "faas",
            "file",
            "group",
            "host",
            "http",
            "log",
            "network",
            "observer",
            "orchestrator",
            "organization",
            "package",
            "process",
            "registry",
            "related",
            "rule",
            "scanner",
            "server",
            "service",
            "source",
            "span",
            "threat",
            "tls",
            "trace",
            "transaction",
            "url",
            "user",
            "user_agent",
            "vulnerability");

    private EcsNames() {}

    /** The key an event field is written under. */
    static String eventField(String name) {
        String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        return ECS_TOP_LEVEL.contains(top) ? "scanner." + name : name;
    }
}
