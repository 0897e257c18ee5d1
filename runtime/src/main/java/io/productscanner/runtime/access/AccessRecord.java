package io.productscanner.runtime.access;

import io.opentelemetry.api.trace.SpanContext;

/**
 * One API request as the access log writes it: taken on the request thread, written by the log's own thread.
 *
 * @param route    the route template that answered ({@code /api/v2/jobs/{id}}), never the raw path
 * @param bytes    what the response put on the wire
 * @param jobId    the route's {@code job_id}, when it has one; else null
 * @param platform the route's {@code platform}, when it has one; else null
 * @param span     the request's span, invalid while tracing is off
 */
record AccessRecord(
        String method,
        String route,
        int status,
        long durationMicros,
        long bytes,
        CallerKind caller,
        String jobId,
        String platform,
        SpanContext span) {}
