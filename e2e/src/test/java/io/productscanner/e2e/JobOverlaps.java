package io.productscanner.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Jobs (as the API shows them) that ran at the same time: what a one-job-at-a-time platform must never do. */
final class JobOverlaps {
    private JobOverlaps() {}

    /** Ended jobs in the order they started. */
    static List<JsonNode> byStart(Collection<JsonNode> jobs) {
        return jobs.stream()
                .filter(job -> job.path("started_at").isTextual()
                        && job.path("completed_at").isTextual())
                .sorted(Comparator.comparing(
                        job -> Instant.parse(job.path("started_at").asText())))
                .toList();
    }

    /** Each job that started before the one started just before it had ended, as "first and second". */
    static List<String> among(Collection<JsonNode> jobs) {
        List<JsonNode> ordered = byStart(jobs);
        List<String> overlaps = new ArrayList<>();
        for (int i = 1; i < ordered.size(); i++) {
            Instant previousEnd =
                    Instant.parse(ordered.get(i - 1).path("completed_at").asText());
            if (Instant.parse(ordered.get(i).path("started_at").asText()).isBefore(previousEnd)) {
                overlaps.add(ordered.get(i - 1) + " and " + ordered.get(i));
            }
        }
        return overlaps;
    }
}
