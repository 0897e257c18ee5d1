package io.productscanner.runtime.api;

import io.helidon.webserver.http.ServerRequest;
import io.productscanner.runtime.job.JobCursor;
import io.productscanner.runtime.job.JobIds;
import io.productscanner.runtime.plugin.PluginRegistry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** What the job endpoints read from a request, checked the same way everywhere: 400 naming the field. */
final class JobRequests {
    /** Lists of jobs (history, dead letters): the page when {@code limit} is not given, and the largest. */
    static final int DEFAULT_LIST_LIMIT = 50;

    static final int MAX_LIST_LIMIT = 500;

    private JobRequests() {}

    /** The {@code {id}} path parameter as a job id, lower-cased; 400 naming {@code id} when it is not one. */
    static String jobId(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!JobIds.looksValid(id)) {
            throw ApiException.badRequest("invalid_job_id", "'" + id + "' is not a job id (a UUID)", "id");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    static ApiException jobNotFound(String id) {
        return ApiException.notFound(
                "job_not_found", "no job " + id + " (finished jobs are kept for JOB_RETENTION_SECONDS)", "id");
    }

    /** The query parameter {@code name} as an integer from 0 to {@code max}; {@code fallback} when absent. */
    static long nonNegative(ServerRequest req, String name, long fallback, long max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed < 0 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_query", name + " must be an integer from 0 to " + max, name);
        }
    }

    /** {@code limit} of a list of jobs. */
    static int listLimit(ServerRequest req) {
        return (int) nonNegative(req, "limit", DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    }

    /** The {@code cursor} query parameter of a list of jobs: where the previous page ended. */
    static Optional<JobCursor> listCursor(ServerRequest req) {
        return req.query().first("cursor").asOptional().map(value -> {
            try {
                return JobCursor.decode(value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                        "invalid_cursor",
                        "cursor is not one this API handed out (use next_cursor as it was given)",
                        "cursor");
            }
        });
    }

    /** The query parameter {@code name} as an ISO-8601 instant ({@code 2026-03-01T09:00:00Z}, or with an offset). */
    static Optional<Instant> instantQuery(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(
                        "invalid_query",
                        name + " must be an ISO-8601 instant such as 2026-03-01T09:00:00Z, not '" + value + "'",
                        name);
            }
        });
    }

    /** The {@code platform} query parameter, when given, checked against the known queues. */
    static Optional<String> platformQuery(ServerRequest req, PluginRegistry plugins) {
        return req.query().first("platform").asOptional().map(value -> {
            if (!plugins.knownQueues().contains(value)) {
                throw ApiException.badRequest(
                        "invalid_query",
                        "platform must be a known queue (known: " + String.join(", ", plugins.knownQueues()) + ")",
                        "platform");
            }
            return value;
        });
    }
}
