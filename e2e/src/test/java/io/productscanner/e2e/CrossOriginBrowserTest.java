package io.productscanner.e2e;

import static io.productscanner.e2e.CrossOriginPages.FORM_URLENCODED;
import static io.productscanner.e2e.CrossOriginPages.TEXT_PLAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import io.productscanner.e2e.CrossOriginPages.Seen;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page on another origin cannot change anything through an operator's browser. {@code serve} (no token, loopback)
 * runs a long musinsa job that holds the platform's lock while a second job waits behind it, and has a schedule; a
 * site on another loopback port, opened in Debian's Chromium, tries to cancel either job, submit one, pause the
 * schedule or run it now, pause the queue and force-release its lock, in every way a page can make a browser send a
 * write without the API's consent: self-submitting forms (url-encoded, and text/plain carrying JSON), {@code fetch} in
 * no-cors mode, a beacon, a hyperlink ping, and CORS fetches with JSON. The API refuses each that reaches it with 403
 * {@code cross_origin_write} (seen by the page's network and in the API's log), the browser refuses the rest before
 * sending, and the API then shows the same jobs, queue, lock and schedule. The same form posted from the API's own
 * origin does pause a schedule: the refusals are the origin's, not the technique's. Nor can such a page show the
 * console in a frame of its own (to trick an operator into clicking): the browser refuses to render it there.
 */
class CrossOriginBrowserTest {
    private static final String WORKFLOW = "musinsa-validation-v2";
    private static final String FAST = "https://www.musinsa.com/products/7300001";
    /** 60 products of 12 s each (under the plugin's 15 s read timeout): a job that holds the lock for 12 minutes. */
    private static final List<String> SLOW = LongStream.rangeClosed(7_300_100L, 7_300_159L)
            .mapToObj(id -> "https://www.musinsa.com/products/" + id)
            .toList();

    private static final String SCHEDULE = "nightly-musinsa";
    private static final String CONTROL_SCHEDULE = "same-origin-control";
    private static final Pattern REFUSAL = Pattern.compile("event=api\\.cross_origin_refused [^\\n]*");

    @TempDir
    static Path work;

    private static MirroredServe serving;
    private static OtherOrigin otherSite;
    private static SystemChromium chromium;
    private static String runningJob;
    private static String queuedJob;
    private static String runningStartedAt;
    private static String lockHolder;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void start() throws Exception {
        MusinsaMirror site = new MusinsaMirror().product(7_300_001L, "빠른 상품", 30_000, 25_000, "SALE", 0);
        for (long id = 7_300_100L; id <= 7_300_159L; id++) {
            site.product(id, "느린 상품 " + id, 10_000, 10_000, "SALE", 12_000);
        }
        serving = MirroredServe.start(
                site.writeTo(work.resolve("mirror")),
                work,
                Map.of("MUSINSA_PACING_MS", "0", "SERVICE_NAME", "cross-origin-serve"));
        serving.server().awaitOutput("event=worker.started", Duration.ofSeconds(60));
        otherSite = new OtherOrigin();
        chromium = SystemChromium.launch();

        runningJob = submit(SLOW);
        JsonNode running = awaitStatus(runningJob, "running");
        runningStartedAt = running.path("started_at").asText();
        queuedJob = submit(List.of(FAST));
        lockHolder = musinsaQueue().path("lock").path("holder").asText();
        assertFalse(lockHolder.isEmpty(), "the running job's worker holds the musinsa lock");
        assertEquals("pending", job(queuedJob).path("status").asText());
        for (String id : List.of(SCHEDULE, CONTROL_SCHEDULE)) {
            Api.Reply created = api().post(
                            "/api/v2/schedules",
                            "{\"id\": \"" + id + "\", \"workflow_id\": \"" + WORKFLOW
                                    + "\", \"params\": {\"products\": [{\"url\": \"" + FAST
                                    + "\"}]}, \"cron\": \"0 3 1 1 *\"}");
            assertEquals(201, created.status(), created.raw());
        }
        assertNothingChanged();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {chromium, otherSite, serving}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @BeforeEach
    void openPage() {
        context = chromium.browser().newContext();
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    private static Api api() {
        return serving.api();
    }

    /** The page's two origins, and the API as an operator reaches it: by address and by {@code localhost}. */
    private static List<String[]> originPairs() {
        List<String[]> pairs = new ArrayList<>();
        for (String other : List.of("http://127.0.0.1:" + otherSite.port(), "http://localhost:" + otherSite.port())) {
            for (String target : List.of("http://127.0.0.1:" + serving.port(), "http://localhost:" + serving.port())) {
                pairs.add(new String[] {other, target});
            }
        }
        return pairs;
    }

    /** Every write the test attacks, by name: its path, and the JSON a submit would send (empty: no body). */
    private static Map<String, String[]> writes() {
        Map<String, String[]> writes = new LinkedHashMap<>();
        writes.put("cancel the queued job", new String[] {"/api/v2/jobs/" + queuedJob + "/cancel", ""});
        writes.put("cancel the running job", new String[] {"/api/v2/jobs/" + runningJob + "/cancel", ""});
        writes.put("pause the schedule", new String[] {"/api/v2/schedules/" + SCHEDULE + "/pause", ""});
        writes.put("force-release musinsa", new String[] {"/api/v2/jobs/platform/musinsa/force-release", ""});
        writes.put("pause the musinsa queue", new String[] {"/api/v2/queues/musinsa/pause", ""});
        writes.put("run the schedule now", new String[] {"/api/v2/schedules/" + SCHEDULE + "/run-now", ""});
        writes.put("submit a job", new String[] {
            "/api/v2/workflows/execute",
            "{\"workflow_id\":\"" + WORKFLOW + "\",\"params\":{\"products\":[{\"url\":\"" + FAST
                    + "\"}]},\"metadata\":{\"pad\":\"x\"}}"
        });
        return writes;
    }

    @Test
    void selfSubmittingFormsFromAnotherOriginAreRefusedAndChangeNothing() throws Exception {
        int refusalsBefore = refusals().size();
        List<String> attempts = new ArrayList<>();
        for (String[] pair : originPairs()) {
            String other = pair[0];
            String target = pair[1];
            for (Map.Entry<String, String[]> write : writes().entrySet()) {
                String url = target + write.getValue()[0];
                String json = write.getValue()[1];
                Map<String, Map<String, String>> bodies = new LinkedHashMap<>();
                bodies.put(
                        FORM_URLENCODED,
                        json.isEmpty() ? Map.of() : Map.of("workflow_id", WORKFLOW, "params", "{\"products\":[]}"));
                bodies.put(TEXT_PLAIN, json.isEmpty() ? Map.of() : CrossOriginPages.jsonAsTextPlainField(json));
                for (Map.Entry<String, Map<String, String>> body : bodies.entrySet()) {
                    String attempt =
                            write.getKey() + " by a " + body.getKey() + " form from " + other + " to " + target;
                    String pageUrl = otherSite.put(
                            other,
                            "/form-" + attempts.size(),
                            CrossOriginPages.selfSubmittingForm(url, body.getKey(), body.getValue()));
                    Seen seen = CrossOriginPages.navigateAndAwaitAnswer(page, pageUrl, url);
                    assertEquals(new Seen(403, "cross_origin_write"), seen, attempt);
                    attempts.add(attempt);
                }
            }
        }
        // a sandboxed frame's form is sent with Origin: null
        String url = "http://127.0.0.1:" + serving.port() + "/api/v2/jobs/" + queuedJob + "/cancel";
        String framed = otherSite.put(
                "http://127.0.0.1:" + otherSite.port(), "/sandboxed", CrossOriginPages.sandboxedForm(url));
        // its navigation runs in a frame of its own that Playwright may attach to only after the answer: the API's
        // log shows it
        page.navigate(framed);
        attempts.add("cancel the queued job by a form in a sandboxed frame");

        List<Map<String, String>> refused = awaitRefusals(refusalsBefore + attempts.size());
        List<Map<String, String>> ours = refused.subList(refusalsBefore, refused.size());
        assertTrue(ours.stream().allMatch(r -> r.get("method").equals("POST")), ours.toString());
        assertEquals(
                1, ours.stream().filter(r -> r.get("origin").equals("null")).count(), ours.toString());
        System.out.printf(
                "cross-origin forms: %d self-submitting forms, all answered 403 cross_origin_write (refused for %s)%n",
                attempts.size(), reasons(ours));
        assertNothingChanged();
    }

    @Test
    void fetchesBeaconsAndPingsFromAnotherOriginAreRefusedAndChangeNothing() throws Exception {
        int refusalsBefore = refusals().size();
        int reached = 0;
        for (String[] pair : originPairs()) {
            String other = pair[0];
            String target = pair[1];
            page.navigate(otherSite.put(other, "/blank", "<!doctype html><title>blank</title><a id='ping'>x</a>"));
            for (Map.Entry<String, String[]> write : writes().entrySet()) {
                String url = target + write.getValue()[0];
                String json = write.getValue()[1];
                String attempt = write.getKey() + " from " + other + " to " + target;

                // no-cors: the browser sends it (text/plain: a no-cors request may not say JSON) and hides the answer
                Seen noCors = CrossOriginPages.runAndAwaitAnswer(
                        page,
                        url,
                        "POST",
                        () -> assertEquals(
                                "opaque status 0 body []",
                                CrossOriginPages.fetch(
                                        page, url, "POST", "no-cors", Map.of("Content-Type", "application/json"), json),
                                "no-cors fetch: " + attempt));
                assertEquals(403, noCors.status(), "no-cors fetch: " + attempt);

                // a beacon: a POST the page fires and forgets
                Seen beacon = CrossOriginPages.runAndAwaitAnswer(
                        page,
                        url,
                        "POST",
                        () -> assertEquals(
                                true,
                                page.evaluate("([url, body]) => navigator.sendBeacon(url, body)", List.of(url, json)),
                                "beacon: " + attempt));
                assertEquals(403, beacon.status(), "beacon: " + attempt);

                // CORS with JSON: the browser asks the API first (preflight), gets no consent, sends nothing
                assertEquals(
                        "refused: TypeError",
                        CrossOriginPages.fetch(
                                page, url, "POST", "cors", Map.of("Content-Type", "application/json"), json),
                        "CORS fetch: " + attempt);
                reached += 2;
            }
            // a hyperlink ping: clicking a link posts to its ping address
            String url = target + "/api/v2/schedules/" + SCHEDULE + "/pause";
            Seen ping = CrossOriginPages.runAndAwaitAnswer(
                    page,
                    url,
                    "POST",
                    () -> page.evaluate(
                            "url => { const a = document.getElementById('ping'); a.href = '#clicked'; a.ping = url; a.click(); }",
                            url));
            assertEquals(403, ping.status(), "ping from " + other + " to " + target);
            reached++;
        }
        List<Map<String, String>> refused = awaitRefusals(refusalsBefore + reached);
        List<Map<String, String>> ours = refused.subList(refusalsBefore, refused.size());
        System.out.printf(
                "cross-origin fetches: %d no-cors fetches, beacons and pings reached the API, all answered 403"
                        + " cross_origin_write (refused for %s); every CORS fetch with JSON was stopped by the browser%n",
                ours.size(), reasons(ours));
        assertNothingChanged();
    }

    @Test
    void anotherOriginCannotReadTheApi() {
        for (String[] pair : originPairs()) {
            page.navigate(otherSite.put(pair[0], "/blank", "<!doctype html><title>blank</title>"));
            for (String path : List.of("/api/v2/jobs", "/api/v2/jobs/" + runningJob, "/api/v2/schedules")) {
                String url = pair[1] + path;
                String from = " from " + pair[0] + " to " + url;
                // the browser refuses the page the answer: the API sends no CORS header
                assertEquals(
                        "refused: TypeError", CrossOriginPages.fetch(page, url, "GET", "cors", Map.of(), null), from);
                // without asking for CORS the page gets an opaque answer: no status, no body
                Response answer = page.waitForResponse(
                        r -> r.url().equals(url),
                        () -> assertEquals(
                                "opaque status 0 body []",
                                CrossOriginPages.fetch(page, url, "GET", "no-cors", Map.of(), null),
                                from));
                assertEquals(200, answer.status(), "what the network (not the page) saw" + from);
                assertFalse(answer.headers().containsKey("access-control-allow-origin"), answer.headers() + from);
            }
        }
    }

    @Test
    void anotherOriginCannotFrameTheConsole() {
        for (String[] pair : originPairs()) {
            String console = pair[1] + "/console/";
            List<String> consoleFiles = new ArrayList<>();
            page.onRequest(r -> {
                if (r.url().startsWith(pair[1] + "/console/") && !r.url().equals(console)) {
                    consoleFiles.add(r.url());
                }
            });
            String framing = otherSite.put(
                    pair[0],
                    "/frame",
                    "<!doctype html><title>framed</title><iframe src='" + console
                            + "' width=1200 height=800></iframe>");
            Response answer = page.waitForResponse(r -> r.url().equals(console), () -> page.navigate(framing));
            // the load event waits for the frame's own scripts and styles: had it rendered, they were asked for
            page.waitForLoadState(LoadState.LOAD);
            String from = " framed by " + pair[0];
            assertEquals("DENY", answer.headerValue("x-frame-options"), console + from);
            assertTrue(
                    answer.headerValue("content-security-policy").contains("frame-ancestors 'none'"), console + from);
            Frame frame = page.frames().stream()
                    .filter(f -> f != page.mainFrame())
                    .findFirst()
                    .orElseThrow();
            assertFalse(
                    frame.url().startsWith(pair[1]),
                    "the frame shows the browser's refusal, not " + frame.url() + from);
            assertEquals(List.of(), consoleFiles, "the framed console loaded nothing" + from);
        }
    }

    @Test
    void theSameFormFromTheApisOwnOriginGetsThrough() throws Exception {
        String own = "http://127.0.0.1:" + serving.port();
        page.navigate(own + "/observe/health");
        String pause = own + "/api/v2/schedules/" + CONTROL_SCHEDULE + "/pause";
        Seen paused = CrossOriginPages.runAndAwaitAnswer(
                page,
                pause,
                "POST",
                () -> page.evaluate(
                        "html => { document.body.innerHTML = html; document.forms[0].submit(); }",
                        "<form method='post' action='" + pause + "'></form>"));
        assertEquals(200, paused.status(), "an empty form post from the API's own page pauses a schedule");
        assertTrue(api().get("/api/v2/schedules/" + CONTROL_SCHEDULE)
                .body()
                .path("data")
                .path("paused")
                .asBoolean());

        // JSON sent as text/plain is refused for what it is even from the API's own origin: 415
        page.navigate(own + "/observe/health");
        String execute = own + "/api/v2/workflows/execute";
        Map<String, String> field = CrossOriginPages.jsonAsTextPlainField(writes().get("submit a job")[1]);
        String name = field.keySet().iterator().next();
        Seen textPlain = CrossOriginPages.runAndAwaitAnswer(
                page, execute, "POST", () -> page.evaluate("""
                        ([action, name, value]) => {
                          const form = document.createElement('form');
                          form.method = 'post';
                          form.action = action;
                          form.enctype = 'text/plain';
                          const input = document.createElement('input');
                          input.type = 'hidden';
                          input.name = name;
                          input.value = value;
                          form.appendChild(input);
                          document.body.appendChild(form);
                          form.submit();
                        }""", List.of(execute, name, field.get(name))));
        assertEquals(new Seen(415, "unsupported_media_type"), textPlain);
        assertNothingChanged();
    }

    /** The running job still runs (same start, first attempt) and holds the lock, the other waits, nothing new. */
    private static void assertNothingChanged() throws Exception {
        JsonNode running = job(runningJob);
        assertEquals("running", running.path("status").asText(), running.toString());
        assertEquals(1, running.path("attempts").asInt(), running.toString());
        assertEquals(runningStartedAt, running.path("started_at").asText(), running.toString());
        JsonNode queued = job(queuedJob);
        assertEquals("pending", queued.path("status").asText(), queued.toString());
        JsonNode now = api().get("/api/v2/jobs/running").body().path("data");
        assertEquals(1, now.path("running").size(), now.toString());
        assertEquals(runningJob, now.path("running").path(0).path("job_id").asText(), now.toString());
        assertEquals(1, now.path("queued").path("musinsa").asInt(), now.toString());
        JsonNode musinsa = musinsaQueue();
        assertEquals(false, musinsa.path("paused").asBoolean(), "the queue is not paused: " + musinsa);
        assertEquals(
                lockHolder, musinsa.path("lock").path("holder").asText(), "the lock is held as before: " + musinsa);
        assertEquals(runningJob, musinsa.path("running").path("job_id").asText(), musinsa.toString());
        assertEquals(1, musinsa.path("waiting").asInt(), musinsa.toString());
        JsonNode jobs = api().get("/api/v2/jobs?limit=500").body().path("data");
        assertEquals(2, jobs.path("count").asInt(), "no job was added: " + jobs);
        JsonNode schedule = api().get("/api/v2/schedules/" + SCHEDULE).body().path("data");
        assertEquals(false, schedule.path("paused").asBoolean(), schedule.toString());
    }

    /** The musinsa entry of {@code GET /api/v2/queues}. */
    private static JsonNode musinsaQueue() throws Exception {
        for (JsonNode queue : api().get("/api/v2/queues").body().path("data").path("queues")) {
            if (queue.path("queue").asText().equals("musinsa")) {
                return queue;
            }
        }
        throw new AssertionError("no musinsa queue in GET /api/v2/queues");
    }

    private static String submit(List<String> urls) throws Exception {
        StringBuilder products = new StringBuilder();
        for (String url : urls) {
            products.append(products.isEmpty() ? "" : ",")
                    .append("{\"url\": \"")
                    .append(url)
                    .append("\"}");
        }
        Api.Reply reply = api().post(
                        "/api/v2/workflows/execute",
                        "{\"workflow_id\": \"" + WORKFLOW + "\", \"params\": {\"products\": [" + products + "]}}");
        assertEquals(202, reply.status(), reply.raw());
        return reply.body().path("data").path("job_id").asText();
    }

    private static JsonNode job(String id) throws Exception {
        return api().get("/api/v2/jobs/" + id).body().path("data");
    }

    private static JsonNode awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode job = job(id);
            if (job.path("status").asText().equals(status)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " not " + status + ": " + job);
            }
            Thread.sleep(50);
        }
    }

    /** The API's {@code api.cross_origin_refused} log lines so far, as fields. */
    private static List<Map<String, String>> refusals() throws Exception {
        List<Map<String, String>> lines = new ArrayList<>();
        Matcher matcher = REFUSAL.matcher(serving.server().output());
        while (matcher.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : matcher.group().split(" ")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            lines.add(fields);
        }
        return lines;
    }

    /** How many refusals each reason ({@code origin}, {@code sec_fetch_site}) accounts for. */
    private static Map<String, Long> reasons(List<Map<String, String>> refusals) {
        return refusals.stream()
                .collect(Collectors.groupingBy(r -> r.get("reason"), TreeMap::new, Collectors.counting()));
    }

    /** Waits until the log holds {@code count} refusals (a beacon's may be written after its answer is seen). */
    private static List<Map<String, String>> awaitRefusals(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Map<String, String>> lines = refusals();
            if (lines.size() >= count || System.nanoTime() > deadline) {
                assertEquals(count, lines.size(), "refusals logged: " + lines);
                return lines;
            }
            Thread.sleep(50);
        }
    }
}
