package io.productscanner.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.plugin.PluginRegistry;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.NewJob;
import io.productscanner.runtime.testing.ApiEnvelope;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paging the job history and the dead letters past 500 jobs with {@code cursor}, {@code total} on every page, and
 * {@code since}/{@code until}. Jobs are bulk-loaded, so hundreds share a creation millisecond: the cursor must
 * order them by id as well.
 */
class ControlHistoryPagingTest {
    private static final int DEFAULT_JOBS = 1200;
    private static final int COMPLETED = 700;
    private static final int ALPHA_JOBS = 300;
    private static final int DEAD = 580;

    @RegisterExtension
    static final ControlApi api = ControlApi.perClass();

    private static final Set<String> defaultJobs = new HashSet<>();
    private static final Set<String> completed = new HashSet<>();
    private static final Set<String> alphaJobs = new HashSet<>();
    /** Submitted one by one, a few milliseconds apart, oldest first. */
    private static final List<String> spaced = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        api.queue().enqueueAll(jobs(ControlApi.NOOP, PluginRegistry.DEFAULT_QUEUE, DEFAULT_JOBS, defaultJobs));
        api.queue().enqueueAll(jobs(ControlApi.ALPHA_NOOP, ControlApi.PLATFORM, ALPHA_JOBS, alphaJobs));
        ClaimedJob running = api.queue()
                .claim(PluginRegistry.DEFAULT_QUEUE, "lease-0", "paging-worker")
                .orElseThrow();
        for (int i = 1; i <= COMPLETED; i++) {
            completed.add(running.jobId());
            if (i == COMPLETED) {
                api.queue().complete(running, JobOutcome.completed(null));
                break;
            }
            JobQueue.Finished finished =
                    api.queue().finishAndClaimNext(running, JobOutcome.completed(null), "lease-" + i, "paging-worker");
            running = finished.next().orElseThrow();
        }
        for (int i = 0; i < 3; i++) {
            Thread.sleep(5); // distinct creation milliseconds
            spaced.add(api.submit(ControlApi.USE_SCANNER));
        }
    }

    private static List<NewJob> jobs(String workflowId, String platform, int count, Set<String> ids) {
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            jobs.add(new NewJob(
                    id, workflowId, platform, 0, Json.MAPPER.createObjectNode(), Json.MAPPER.createObjectNode()));
        }
        return jobs;
    }

    /** Every page of {@code query} with {@code limit}, following next_cursor; checks each page's total. */
    private static List<String> allPages(String path, String query, int limit, long total) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = path + "?" + query + (query.isEmpty() ? "" : "&") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = api.get(url);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode data = ApiEnvelope.data(response);
            assertEquals(total, data.path("total").asLong(), url);
            assertTrue(data.path("jobs").size() <= limit);
            data.path("jobs").forEach(job -> ids.add(job.path("job_id").asText()));
            cursor = data.path("next_cursor").isNull()
                    ? null
                    : data.path("next_cursor").asText();
            assertTrue(++pages <= total / limit + 2, "paging ends");
        } while (cursor != null);
        assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), "no job is listed twice");
        return ids;
    }

    private static List<String> createdAt(List<String> ids) {
        return ids.stream()
                .map(id -> api.redis().store().find(id).orElseThrow().createdAt())
                .toList();
    }

    private static void assertNewestFirst(List<String> ids) {
        List<String> times = createdAt(ids);
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i - 1).compareTo(times.get(i)) >= 0, "newest first at " + i);
        }
    }

    @Test
    void pagesReachEveryRetainedJob() throws Exception {
        int every = DEFAULT_JOBS + ALPHA_JOBS + spaced.size();
        List<String> ids = allPages("/api/v2/jobs", "", 500, every);
        assertEquals(every, ids.size());
        Set<String> expected = new HashSet<>(defaultJobs);
        expected.addAll(alphaJobs);
        expected.addAll(spaced);
        assertEquals(expected, new HashSet<>(ids));
        assertNewestFirst(ids);
    }

    @Test
    void aFilteredHistoryPagesThroughItsIndexes() throws Exception {
        List<String> done = allPages("/api/v2/jobs", "status=completed&workflow_id=" + ControlApi.NOOP, 200, COMPLETED);
        assertEquals(completed, new HashSet<>(done));
        assertNewestFirst(done);

        List<String> pending = allPages(
                "/api/v2/jobs",
                "platform=" + PluginRegistry.DEFAULT_QUEUE + "&status=pending",
                499,
                DEFAULT_JOBS - COMPLETED);
        Set<String> expected = new HashSet<>(defaultJobs);
        expected.removeAll(completed);
        assertEquals(expected, new HashSet<>(pending));

        List<String> alpha =
                allPages("/api/v2/jobs", "platform=" + ControlApi.PLATFORM, 500, ALPHA_JOBS + spaced.size());
        assertEquals(ALPHA_JOBS + spaced.size(), alpha.size());
        assertEquals(spaced.reversed(), alpha.subList(0, spaced.size()), "the newest first");
    }

    @Test
    void sinceAndUntilBoundTheCreationTime() throws Exception {
        String second = createdAt(List.of(spaced.get(1))).getFirst();
        String workflow = "workflow_id=" + ControlApi.USE_SCANNER;
        assertEquals(
                List.of(spaced.get(2), spaced.get(1)), allPages("/api/v2/jobs", workflow + "&since=" + second, 50, 2));
        assertEquals(List.of(spaced.get(0)), allPages("/api/v2/jobs", workflow + "&until=" + second, 50, 1));
        String first = createdAt(List.of(spaced.get(0))).getFirst();
        assertEquals(
                List.of(spaced.get(0)),
                allPages("/api/v2/jobs", workflow + "&since=" + first + "&until=" + second, 50, 1));
        // with no other filter, the every-job index is bounded the same way
        assertEquals(List.of(spaced.get(2), spaced.get(1)), allPages("/api/v2/jobs", "since=" + second, 1, 2));
    }

    @Test
    void badTimesAndCursorsAre400sNamingTheField() throws Exception {
        for (String[] query : new String[][] {
            {"since=yesterday", "since", "invalid_query"},
            {"until=2026-13-01T00:00:00Z", "until", "invalid_query"},
            {"since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z", "until", "invalid_query"},
            {"cursor=bm90LWEtY3Vyc29y", "cursor", "invalid_cursor"},
            {"cursor=not*base64", "cursor", "invalid_cursor"}
        }) {
            HttpResponse<String> response = api.get("/api/v2/jobs?" + query[0]);
            assertEquals(400, response.statusCode(), query[0] + ": " + response.body());
            assertEquals(query[1], ApiEnvelope.error(response).path("field").asText(), query[0]);
            assertEquals(query[2], ApiEnvelope.error(response).path("code").asText(), query[0]);
        }
        HttpResponse<String> dead = api.get("/api/v2/jobs/dead?cursor=bm90LWEtY3Vyc29y");
        assertEquals(400, dead.statusCode(), dead.body());
        assertEquals("cursor", ApiEnvelope.error(dead).path("field").asText());
    }

    @Test
    void deadLettersPageWithACursorAndATotal() throws Exception {
        var redis = api.redis().connections().commands();
        List<String> alpha = new ArrayList<>(alphaJobs);
        List<String> defaults = new ArrayList<>(defaultJobs);
        defaults.removeAll(completed);
        Set<String> dead = new HashSet<>();
        Set<String> deadAlpha = new HashSet<>();
        for (int i = 0; i < DEAD; i++) {
            // half on alpha, half on the default queue; a few at a time share a millisecond
            String id = i % 2 == 0 ? alpha.get(i / 2) : defaults.get(i / 2);
            redis.zadd(api.redis().keys().deadLetters(), 1_700_000_000_000L + i / 4, id);
            dead.add(id);
            if (i % 2 == 0) {
                deadAlpha.add(id);
            }
        }
        try {
            assertEquals(dead, new HashSet<>(allPages("/api/v2/jobs/dead", "", 500, DEAD)));
            assertEquals(dead, new HashSet<>(allPages("/api/v2/jobs/dead", "", 7, DEAD)));
            assertEquals(
                    deadAlpha,
                    new HashSet<>(allPages("/api/v2/jobs/dead", "platform=" + ControlApi.PLATFORM, 100, DEAD / 2)));
        } finally {
            redis.del(api.redis().keys().deadLetters());
        }
    }
}
