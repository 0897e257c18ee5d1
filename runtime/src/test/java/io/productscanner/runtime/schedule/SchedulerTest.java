package io.productscanner.runtime.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.runtime.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    private static final Duration LEASE = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private ScheduleFixture fixture;
    private final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new ScheduleFixture(root);
    }

    @AfterEach
    void stop() {
        schedulers.forEach(Scheduler::close);
        fixture.close();
    }

    private Scheduler scheduler(Duration leaseTtl, Duration minGap) {
        Scheduler scheduler = fixture.scheduler(leaseTtl, minGap);
        schedulers.add(scheduler);
        return scheduler;
    }

    @Test
    void cronRunsAtSeoulMidnightAcrossTheDayBoundary() {
        fixture.schedules.create(fixture.define("nightly", """
                {"workflow_id": "refresh-v1", "cron": "0 0 * * *", "time_zone": "Asia/Seoul"}"""));
        // 23:58 in Seoul on 1 March is 14:58 UTC
        fixture.clock.set(Instant.parse("2026-03-01T14:58:00Z"));
        Scheduler scheduler = scheduler(LEASE, Duration.ZERO);
        assertTrue(scheduler.tick());
        assertEquals(
                Instant.parse("2026-03-01T15:00:00Z"),
                fixture.schedules.find("nightly").orElseThrow().nextRun().orElseThrow());
        fixture.clock.set(Instant.parse("2026-03-01T14:59:59Z"));
        scheduler.tick();
        assertEquals(0, fixture.queued().size(), "nothing before the slot");
        fixture.clock.set(Instant.parse("2026-03-01T15:00:01Z"));
        scheduler.tick();
        scheduler.tick();
        assertEquals(1, fixture.queued().size(), "one run for the slot, however often it ticks");
        Schedule after = fixture.schedules.find("nightly").orElseThrow();
        assertEquals(Instant.parse("2026-03-02T15:00:00Z"), after.nextRun().orElseThrow());
        assertEquals(fixture.queued().getFirst(), after.lastJobId().orElseThrow());
        assertEquals("pending", after.lastOutcome().orElseThrow());
        assertEquals(Map.of("enqueued", 1L), scheduler.stats().runs().get("nightly"));
    }

    @Test
    void whenIdleRotatesFourOnSaleToOneOffSale() {
        fixture.schedules.create(fixture.define("refresh", """
                {"workflow_id": "refresh-v1", "when_idle": {"min_minutes_after_success": 5,
                 "param_sets": [{"status": "on_sale", "weight": 4}, {"status": "off_sale", "weight": 1}]}}"""));
        Scheduler scheduler = scheduler(LEASE, Duration.ofMinutes(1));
        List<String> statuses = new ArrayList<>();
        for (int run = 0; run < 10; run++) {
            scheduler.tick();
            assertEquals(1, fixture.queued().size(), "run " + run + " queued once");
            scheduler.tick();
            assertEquals(1, fixture.queued().size(), "nothing more while one waits");
            String jobId = fixture.runNextJob();
            statuses.add(fixture.paramsOf(jobId).path("status").asText());
            scheduler.tick(); // sees the success
            fixture.clock.advance(Duration.ofMinutes(4));
            scheduler.tick();
            assertEquals(0, fixture.queued().size(), "not within 5 minutes of the last success");
            fixture.clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(
                List.of(
                        "on_sale",
                        "on_sale",
                        "on_sale",
                        "on_sale",
                        "off_sale",
                        "on_sale",
                        "on_sale",
                        "on_sale",
                        "on_sale",
                        "off_sale"),
                statuses);
        Schedule schedule = fixture.schedules.find("refresh").orElseThrow();
        assertEquals("completed", schedule.lastOutcome().orElseThrow());
        assertTrue(schedule.lastSuccessAt().isPresent());
        assertEquals(10L, scheduler.stats().runs().get("refresh").get("completed"));
    }

    @Test
    void whenIdleWaitsWhileThePlatformIsBusyAndForTheGlobalGap() throws Exception {
        fixture.schedules.create(fixture.define("refresh", """
                {"workflow_id": "refresh-v1", "when_idle": {"min_minutes_after_success": 0}}"""));
        Scheduler scheduler = scheduler(LEASE, Duration.ofMinutes(10));
        fixture.submitter.submit(
                ScheduleFixture.WORKFLOW, 0, Json.MAPPER.createObjectNode(), Json.MAPPER.createObjectNode());
        scheduler.tick();
        assertEquals(1, fixture.queued().size(), "a job someone else queued keeps the platform busy");
        fixture.runNextJob();
        scheduler.tick();
        assertEquals(1, fixture.queued().size(), "idle now: the schedule runs");
        fixture.runNextJob();
        fixture.clock.advance(Duration.ofMinutes(9));
        scheduler.tick();
        scheduler.tick();
        assertEquals(0, fixture.queued().size(), "the global gap has not passed");
        fixture.clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        assertEquals(1, fixture.queued().size());
    }

    @Test
    void whenIdleDoesNotFireIntoAPausedQueue() {
        fixture.schedules.create(fixture.define("refresh", """
                {"workflow_id": "refresh-v1", "when_idle": {"min_minutes_after_success": 0}}"""));
        Scheduler scheduler = scheduler(LEASE, Duration.ZERO);
        fixture.queues.platforms().pause(ScheduleFixture.PLATFORM);
        scheduler.tick();
        scheduler.tick();
        assertEquals(0, fixture.queued().size(), "an idle but paused queue gets no run");
        fixture.queues.platforms().resume(ScheduleFixture.PLATFORM);
        scheduler.tick();
        assertEquals(1, fixture.queued().size(), "resumed: the schedule runs");
    }

    @Test
    void aStandbyTakesOverWithinOneLeaseTtlWhenTheActiveOneDies() throws Exception {
        Duration ttl = Duration.ofMillis(800);
        fixture.schedules.create(fixture.define("minutely", """
                {"workflow_id": "refresh-v1", "cron": "* * * * *"}"""));
        Scheduler first = fixture.scheduler(ttl, Duration.ZERO); // killed: never closed, so never releases
        Scheduler second = scheduler(ttl, Duration.ZERO);
        assertTrue(first.tick());
        assertFalse(second.tick(), "one active scheduler");
        long died = System.nanoTime();
        while (!second.tick()) {
            assertTrue(
                    System.nanoTime() - died
                            < ttl.toNanos() + Duration.ofMillis(300).toNanos(),
                    "took over within one lease TTL");
            Thread.sleep(20);
        }
        fixture.clock.advance(Duration.ofMinutes(1));
        assertTrue(second.tick());
        assertEquals(1, fixture.queued().size(), "the new holder enqueues");
        assertFalse(first.tick(), "the old holder finds the lease taken");
    }

    @Test
    void twoRacingSchedulersEnqueueOncePerSlot() throws Exception {
        fixture.schedules.create(fixture.define("minutely", """
                {"workflow_id": "refresh-v1", "cron": "* * * * *"}"""));
        Scheduler a = scheduler(LEASE, Duration.ZERO);
        Scheduler b = scheduler(LEASE, Duration.ZERO);
        a.runDue(); // sets the first next_run
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int slot = 0; slot < 20; slot++) {
                fixture.clock.advance(Duration.ofMinutes(1));
                CountDownLatch go = new CountDownLatch(1);
                // both act as holders, as two processes would in the instant a lease changes hands
                Future<?> first = threads.submit(() -> race(go, a));
                Future<?> second = threads.submit(() -> race(go, b));
                go.countDown();
                first.get();
                second.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> jobs = fixture.queued();
        assertEquals(20, jobs.size(), "one job per slot");
        assertEquals(20, new HashSet<>(jobs).size());
    }

    private static Void race(CountDownLatch go, Scheduler scheduler) throws InterruptedException {
        go.await();
        scheduler.runDue();
        return null;
    }

    @Test
    void missedSlotsAreSkippedOrRunOnce() {
        fixture.schedules.create(fixture.define("skipper", """
                {"workflow_id": "refresh-v1", "cron": "0 * * * *", "catch_up": "skip"}"""));
        fixture.schedules.create(fixture.define("catcher", """
                {"workflow_id": "refresh-v1", "cron": "0 * * * *", "catch_up": "run_once"}"""));
        Scheduler scheduler = scheduler(LEASE, Duration.ZERO);
        scheduler.tick();
        // an outage of five hourly slots
        fixture.clock.advance(Duration.ofHours(5).plusMinutes(10));
        scheduler.tick();
        scheduler.tick();
        List<String> jobs = fixture.queued();
        assertEquals(1, jobs.size(), "run_once queues one run for all missed slots, skip none");
        assertEquals(
                "catcher",
                fixture.jobs
                        .find(jobs.getFirst())
                        .orElseThrow()
                        .metadata()
                        .path("schedule_id")
                        .asText());
        Instant nextHour = Instant.parse("2026-03-01T06:00:00Z");
        assertEquals(
                nextHour,
                fixture.schedules.find("skipper").orElseThrow().nextRun().orElseThrow());
        assertEquals(
                nextHour,
                fixture.schedules.find("catcher").orElseThrow().nextRun().orElseThrow());
        assertTrue(fixture.schedules.find("skipper").orElseThrow().lastRun().isEmpty());
    }

    @Test
    void aPausedScheduleDoesNotRun() {
        fixture.schedules.create(fixture.define("minutely", """
                {"workflow_id": "refresh-v1", "cron": "* * * * *"}"""));
        Scheduler scheduler = scheduler(LEASE, Duration.ZERO);
        scheduler.tick();
        fixture.schedules.setPaused("minutely", true);
        fixture.clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        assertEquals(0, fixture.queued().size());
        fixture.schedules.setPaused("minutely", false);
        scheduler.tick();
        fixture.clock.advance(Duration.ofMinutes(1));
        scheduler.tick();
        assertEquals(1, fixture.queued().size());
    }
}
