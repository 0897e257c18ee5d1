package io.productscanner.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.productscanner.plugin.testkit.LoopbackServer;
import io.productscanner.plugin.testkit.LoopbackServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class PacingTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    // arrival at the server trails the paced start by the connection set-up, which varies a little
    private static final long TOLERANCE_NANOS = Duration.ofMillis(40).toNanos();

    @Test
    void sequentialRequestsStartAnIntervalApart() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            OkHttpClient client = client(server, INTERVAL);

            for (int i = 0; i < 4; i++) {
                server.enqueue(Reply.of(200, "ok"));
                HttpCalls.fetchText(client, get(i));
            }

            assertGapsAtLeast(INTERVAL, server.requests());
        }
    }

    @Test
    void concurrentCallersTakeTurns() throws Exception {
        try (LoopbackServer server = LoopbackServer.start();
                ExecutorService callers = Executors.newFixedThreadPool(3)) {
            server.enqueue(Reply.of(200, "ok"), Reply.of(200, "ok"), Reply.of(200, "ok"));
            OkHttpClient client = client(server, INTERVAL);

            List<Future<TextResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Request request = get(i);
                calls.add(callers.submit(() -> HttpCalls.fetchText(client, request)));
            }
            for (Future<TextResponse> call : calls) {
                assertEquals(200, call.get().status());
            }

            assertGapsAtLeast(INTERVAL, server.requests());
        }
    }

    @Test
    void zeroIntervalDoesNotPace() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            OkHttpClient client = client(server, Duration.ZERO);

            for (int i = 0; i < 4; i++) {
                server.enqueue(Reply.of(200, "ok"));
                HttpCalls.fetchText(client, get(i));
            }

            List<LoopbackServer.Request> requests = server.requests();
            long spread =
                    requests.getLast().arrivedNanos() - requests.getFirst().arrivedNanos();
            assertTrue(spread < INTERVAL.toNanos(), "4 unpaced requests took " + spread / 1_000_000 + " ms");
        }
    }

    private static OkHttpClient client(LoopbackServer server, Duration pacing) {
        return HttpClients.create(
                TestContexts.withMirror(server.url()),
                HttpSettings.builder().pacing(pacing).build());
    }

    private static Request get(int item) {
        return new Request.Builder()
                .url("https://www.example.com/items/" + item)
                .build();
    }

    private static void assertGapsAtLeast(Duration interval, List<LoopbackServer.Request> requests) {
        List<Long> arrivals = requests.stream()
                .map(LoopbackServer.Request::arrivedNanos)
                .sorted()
                .toList();
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = arrivals.get(i) - arrivals.get(i - 1);
            assertTrue(
                    gap >= interval.toNanos() - TOLERANCE_NANOS,
                    "requests " + (i - 1) + " and " + i + " started " + gap / 1_000_000 + " ms apart");
        }
    }
}
