/**
 * The Product Scanner runtime: configuration, the Redis queue and platform locks, the worker loop, the workflow
 * engine, the plugin loader, the Helidon SE API and the command line.
 */
module productscanner.runtime {
    requires productscanner.spi;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.metrics.api;
    requires io.helidon.service.registry;
    requires io.helidon.health;
    requires io.helidon.openapi;
    requires io.helidon.config;
    requires io.helidon.config.yaml;
    requires io.helidon.logging.common;
    requires io.helidon.logging.jul;
    requires lettuce.core;
    requires com.fasterxml.jackson.databind;
    requires embedded.redis;
    requires java.logging;
    // SIGTERM/SIGINT handled before JVM shutdown, so a stop can log and exit 0
    requires jdk.unsupported;
    requires java.net.http;
    requires java.sql;
    // the JVM meters read GC notifications, CPU load, allocated bytes and file descriptors (JvmMeters)
    requires jdk.management;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    // tracing.TracingSetup: the SDK from the OTEL_* variables; its OTLP exporter and JDK sender are found as services
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.autoconfigure;
    requires io.opentelemetry.sdk.autoconfigure.spi;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires info.picocli;

    uses io.productscanner.spi.PlatformPlugin;
    // commands other modules add to the command line (the tools module's bench and mirror)
    uses io.productscanner.runtime.cli.CommandExtension;

    exports io.productscanner.runtime;
    exports io.productscanner.runtime.config;
    // the tools module (bench, mirror) drives the queue, workers and plugins as a process does, and adds commands
    exports io.productscanner.runtime.cli to
            productscanner.tools;
    exports io.productscanner.runtime.job to
            productscanner.tools;
    exports io.productscanner.runtime.json to
            productscanner.tools;
    exports io.productscanner.runtime.metrics to
            productscanner.tools;
    exports io.productscanner.runtime.plugin to
            productscanner.tools;
    exports io.productscanner.runtime.queue to
            productscanner.tools;
    exports io.productscanner.runtime.redis to
            productscanner.tools;
    exports io.productscanner.runtime.worker to
            productscanner.tools;
    // Jackson writes the result records (results, verdicts, evidence) by reflection
    opens io.productscanner.runtime.product to
            com.fasterxml.jackson.databind;
    // picocli creates the commands and sets their options by reflection
    opens io.productscanner.runtime to
            info.picocli;
    opens io.productscanner.runtime.cli to
            info.picocli;
    opens io.productscanner.runtime.cli.operator to
            info.picocli;
}
