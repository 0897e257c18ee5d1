package io.productscanner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an idle console costs: {@code serve} (site mirror, a few finished jobs and a schedule behind it) first runs a
 * baseline period with no browser on it, then the console stays open in Debian's Chromium, untouched. Every sample
 * period it records the page's JS heap (CDP {@code Performance.getMetrics}, as it is and after a forced collection),
 * its DOM size, the requests it made, and the CPU seconds of the serve JVM and of its Redis (from
 * {@code /proc/<pid>/stat}); the console's cost to the API is the CPU per second over the console period less the
 * baseline's. Prints a table, a summary and, last, one JSON line, and writes them to a report file. The measurement
 * (an hour by default) is not part of the default run: {@code scripts/bench-console-idle.sh} (profile
 * {@code console-idle}); the default run has a smoke run of seconds. The figures are printed, never compared with a
 * target.
 */
class ConsoleIdleCostTest {
    /** What one run measures: minutes may be fractions; the report file gets every line printed. */
    record Settings(
            double minutes,
            double baselineMinutes,
            long sampleSeconds,
            String path,
            int seedJobs,
            long settleSeconds,
            Path report) {
        static Settings fromSystemProperties() {
            double minutes = Double.parseDouble(System.getProperty("console.idle.minutes", "60"));
            return new Settings(
                    minutes,
                    Double.parseDouble(System.getProperty("console.idle.baseline.minutes", Double.toString(minutes))),
                    Long.parseLong(System.getProperty("console.idle.sample.seconds", "60")),
                    System.getProperty("console.idle.path", "/console/"),
                    Integer.parseInt(System.getProperty("console.idle.jobs", "20")),
                    Long.parseLong(System.getProperty("console.idle.settle.seconds", "60")),
                    Path.of("target", "console-idle-report.txt"));
        }
    }

    /** The page the smoke run opens. */
    private static final String SMOKE_PATH = "/console/";

    /** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    @TempDir
    static Path work;

    /** One sample of the console period. */
    record Sample(
            double minute,
            double heapMb,
            double heapAfterGcMb,
            long domElements,
            long nodes,
            long listeners,
            long requests,
            double apiCpuSeconds,
            double redisCpuSeconds) {}

    /** The measurement itself, as long as the properties say (an hour by default): scripts/bench-console-idle.sh. */
    @Test
    @Tag("console-idle")
    void anIdleConsoleCostsTheApiAndTheBrowserThis() throws Exception {
        Settings settings = Settings.fromSystemProperties();
        ObjectNode figures = measure(settings);
        long samples = (long) Math.ceil(settings.minutes() * 60 / settings.sampleSeconds());
        assertEquals(samples, figures.path("samples").asLong(), "sampled as often as asked: " + figures);
    }

    /** A short run in the default suite, as every benchmark has one: the tool keeps working; figures only printed. */
    @Test
    void smokeRun() throws Exception {
        ObjectNode figures = measure(new Settings(
                10 / 60.0, 5 / 60.0, 5, SMOKE_PATH, 2, 0, Path.of("target", "console-idle-smoke-report.txt")));
        assertTrue(figures.path("requests").asLong() >= 1, figures.toString());
        assertTrue(figures.path("heap_mb_max").asDouble() > 0, figures.toString());
    }

    private static ObjectNode measure(Settings settings) throws Exception {
        double minutes = settings.minutes();
        double baselineMinutes = settings.baselineMinutes();
        long sampleSeconds = settings.sampleSeconds();
        StringBuilder report = new StringBuilder();
        try (MirroredServe serving = MirroredServe.start(
                        MirroredServe.FIXTURES,
                        work,
                        Map.of("MUSINSA_PACING_MS", "0", "SERVICE_NAME", "console-idle-serve"));
                SystemChromium chromium = SystemChromium.launch()) {
            serving.server().awaitOutput("event=worker.started", Duration.ofSeconds(60));
            seed(serving.api(), settings.seedJobs());
            Thread.sleep(
                    settings.settleSeconds() * 1000); // the seeded jobs' after-effects (compilation, collection) pass
            long apiPid = serving.server().handle().pid();
            Optional<Long> redisPid = serving.server()
                    .handle()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").contains("redis"))
                    .map(ProcessHandle::pid)
                    .findFirst();
            String url = "http://127.0.0.1:" + serving.port() + settings.path();
            line(
                    report,
                    String.format(
                            "console idle cost: %s, baseline %.2f min then console open %.2f min, a sample every %d s,"
                                    + " %d finished jobs seeded, load %s",
                            url, baselineMinutes, minutes, sampleSeconds, settings.seedJobs(), loadAverage()));

            // baseline: the same process, nothing but its own timers, no browser on it
            double apiBefore = cpuSeconds(apiPid);
            double redisBefore = redisPid.map(ConsoleIdleCostTest::cpuSeconds).orElse(0.0);
            long baselineNanos = (long) (baselineMinutes * 60e9);
            long baselineStart = System.nanoTime();
            while (System.nanoTime() - baselineStart < baselineNanos) {
                Thread.sleep(Math.min(
                        sampleSeconds * 1000, (baselineNanos - (System.nanoTime() - baselineStart)) / 1_000_000 + 1));
            }
            double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
            double baselineApiCpu = cpuSeconds(apiPid) - apiBefore;
            double baselineRedisCpu =
                    redisPid.map(ConsoleIdleCostTest::cpuSeconds).orElse(0.0) - redisBefore;

            // the console, open and untouched
            BrowserContext context = chromium.browser().newContext();
            Page page = context.newPage();
            LongAdder requests = new LongAdder();
            Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
            page.onRequest(request -> {
                requests.increment();
                byPath.computeIfAbsent(
                                request.method() + " "
                                        + URI.create(request.url()).getPath(),
                                k -> new LongAdder())
                        .increment();
            });
            CDPSession cdp = context.newCDPSession(page);
            cdp.send("Performance.enable");
            apiBefore = cpuSeconds(apiPid);
            redisBefore = redisPid.map(ConsoleIdleCostTest::cpuSeconds).orElse(0.0);
            long start = System.nanoTime();
            Response opened = page.navigate(url);
            assertEquals(200, opened.status(), "GET " + url);
            List<Sample> samples = new ArrayList<>();
            AtomicLong lastRequests = new AtomicLong();
            double lastApi = apiBefore;
            double lastRedis = redisBefore;
            line(
                    report,
                    String.format(
                            "%7s %9s %12s %8s %8s %9s %9s %12s %12s",
                            "minute",
                            "heap_mb",
                            "heap_gc_mb",
                            "dom",
                            "nodes",
                            "listeners",
                            "requests",
                            "api_cpu_s",
                            "redis_cpu_s"));
            long consoleNanos = (long) (minutes * 60e9);
            for (long next = sampleSeconds * 1_000_000_000L; ; next += sampleSeconds * 1_000_000_000L) {
                long due = Math.min(next, consoleNanos);
                long waitMs = (due - (System.nanoTime() - start)) / 1_000_000;
                if (waitMs > 0) {
                    page.waitForTimeout(waitMs); // lets Playwright deliver the page's request events meanwhile
                }
                Map<String, Double> metrics = metrics(cdp);
                double heap = metrics.getOrDefault("JSHeapUsedSize", 0.0);
                cdp.send("HeapProfiler.collectGarbage");
                Map<String, Double> afterGc = metrics(cdp);
                double heapAfterGc = afterGc.getOrDefault("JSHeapUsedSize", 0.0);
                long dom = ((Number) page.evaluate("document.getElementsByTagName('*').length")).longValue();
                double api = cpuSeconds(apiPid);
                double redis = redisPid.map(ConsoleIdleCostTest::cpuSeconds).orElse(0.0);
                Sample sample = new Sample(
                        (System.nanoTime() - start) / 60e9,
                        heap / 1048576,
                        heapAfterGc / 1048576,
                        dom,
                        afterGc.getOrDefault("Nodes", 0.0).longValue(),
                        afterGc.getOrDefault("JSEventListeners", 0.0).longValue(),
                        requests.sum() - lastRequests.getAndSet(requests.sum()),
                        api - lastApi,
                        redis - lastRedis);
                lastApi = api;
                lastRedis = redis;
                samples.add(sample);
                line(
                        report,
                        String.format(
                                "%7.2f %9.2f %12.2f %8d %8d %9d %9d %12.2f %12.2f",
                                sample.minute(),
                                sample.heapMb(),
                                sample.heapAfterGcMb(),
                                sample.domElements(),
                                sample.nodes(),
                                sample.listeners(),
                                sample.requests(),
                                sample.apiCpuSeconds(),
                                sample.redisCpuSeconds()));
                if (due >= consoleNanos) {
                    break;
                }
            }
            double consoleSeconds = (System.nanoTime() - start) / 1e9;
            double consoleApiCpu = cpuSeconds(apiPid) - apiBefore;
            double consoleRedisCpu =
                    redisPid.map(ConsoleIdleCostTest::cpuSeconds).orElse(0.0) - redisBefore;
            context.close();

            // per second of each period, so a baseline of another length still compares
            double apiPercent = 100 * (consoleApiCpu / consoleSeconds - baselineApiCpu / baselineSeconds);
            double redisPercent = 100 * (consoleRedisCpu / consoleSeconds - baselineRedisCpu / baselineSeconds);
            double requestsPerSecond = requests.sum() / consoleSeconds;
            // without the first sample's period, which holds the page's own loading
            double steadyRequestsPerSecond = samples.size() < 2
                    ? requestsPerSecond
                    : (requests.sum() - samples.getFirst().requests())
                            / (consoleSeconds - samples.getFirst().minute() * 60);
            Sample first = samples.getFirst();
            Sample last = samples.getLast();
            double heapMax = samples.stream().mapToDouble(Sample::heapMb).max().orElse(0);
            line(report, "requests by the page, by path:");
            new TreeMap<>(byPath).forEach((path, n) -> line(report, String.format("  %8d  %s", n.sum(), path)));
            line(
                    report,
                    String.format(
                            "summary: %.3f requests/s (%d in %.0f s; %.3f/s after the first sample); API CPU %.2f s open vs %.2f s baseline (%.0f s):"
                                    + " %.3f%% of a core from the console; Redis %.3f%%; JS heap first %.2f MB, last %.2f MB,"
                                    + " max %.2f MB, after GC first %.2f MB last %.2f MB; DOM elements first %d last %d;"
                                    + " nodes first %d last %d",
                            requestsPerSecond,
                            requests.sum(),
                            consoleSeconds,
                            steadyRequestsPerSecond,
                            consoleApiCpu,
                            baselineApiCpu,
                            baselineSeconds,
                            apiPercent,
                            redisPercent,
                            first.heapMb(),
                            last.heapMb(),
                            heapMax,
                            first.heapAfterGcMb(),
                            last.heapAfterGcMb(),
                            first.domElements(),
                            last.domElements(),
                            first.nodes(),
                            last.nodes()));
            ObjectNode json = Api.JSON
                    .createObjectNode()
                    .put("benchmark", "console-idle")
                    .put("url", url)
                    .put("taken_at", Instant.now().toString())
                    .put("console_seconds", Math.round(consoleSeconds))
                    .put("baseline_seconds", Math.round(baselineSeconds))
                    .put("requests", requests.sum())
                    .put("requests_per_second", round(requestsPerSecond, 4))
                    .put("requests_per_second_after_load", round(steadyRequestsPerSecond, 4))
                    .put("api_cpu_seconds_console", round(consoleApiCpu, 2))
                    .put("api_cpu_seconds_baseline", round(baselineApiCpu, 2))
                    .put("api_cpu_percent_from_console", round(apiPercent, 3))
                    .put("redis_cpu_percent_from_console", round(redisPercent, 3))
                    .put("heap_mb_first", round(first.heapMb(), 2))
                    .put("heap_mb_last", round(last.heapMb(), 2))
                    .put("heap_mb_max", round(heapMax, 2))
                    .put("heap_after_gc_mb_first", round(first.heapAfterGcMb(), 2))
                    .put("heap_after_gc_mb_last", round(last.heapAfterGcMb(), 2))
                    .put("dom_elements_first", first.domElements())
                    .put("dom_elements_last", last.domElements())
                    .put("nodes_first", first.nodes())
                    .put("nodes_last", last.nodes())
                    .put("samples", samples.size())
                    .put("load_after", loadAverage());
            line(report, json.toString());
            assertTrue(first.heapMb() > 0, "Performance.getMetrics gave the page's heap: " + first);
            return json;
        } finally {
            Files.createDirectories(settings.report().getParent());
            Files.writeString(settings.report(), report);
        }
    }

    /** Finished jobs and a schedule, so the console has history to show (the queues are idle while it is open). */
    private static void seed(Api api, int count) throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Reply submitted = api.post(
                    "/api/v2/workflows/execute",
                    "{\"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": ["
                            + "{\"url\": \"https://www.musinsa.com/products/3674341\", \"expected\": {\"original_price\": "
                            + (19900 + i * 100) + "}}, {\"url\": \"https://www.musinsa.com/products/2551487\"}]}}");
            assertEquals(202, submitted.status(), submitted.raw());
            jobs.add(submitted.body().path("data").path("job_id").asText());
        }
        for (String job : jobs) {
            api.awaitFinished(job, Duration.ofMinutes(5));
        }
        Api.Reply schedule = api.post(
                "/api/v2/schedules",
                "{\"id\": \"nightly-musinsa\", \"workflow_id\": \"musinsa-validation-v2\", \"params\": {\"products\": "
                        + "[{\"url\": \"https://www.musinsa.com/products/3674341\"}]}, \"cron\": \"0 3 1 1 *\"}");
        assertEquals(201, schedule.status(), schedule.raw());
    }

    private static Map<String, Double> metrics(CDPSession cdp) {
        JsonObject answer = cdp.send("Performance.getMetrics");
        Map<String, Double> metrics = new TreeMap<>();
        for (JsonElement metric : answer.getAsJsonArray("metrics")) {
            JsonObject m = metric.getAsJsonObject();
            metrics.put(m.get("name").getAsString(), m.get("value").getAsDouble());
        }
        return metrics;
    }

    /** User plus system CPU of a process, all its threads, from /proc/<pid>/stat (fields 14 and 15). */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new AssertionError("cannot read the CPU time of process " + pid, e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static void line(StringBuilder report, String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
