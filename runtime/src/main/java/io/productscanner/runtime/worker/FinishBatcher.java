package io.productscanner.runtime.worker;

import io.productscanner.runtime.queue.JobQueue;
import io.productscanner.runtime.queue.JobQueue.FinishRequest;
import io.productscanner.runtime.queue.JobQueue.Finished;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends the finish-and-claim-next requests of one process's busy platform workers to Redis together. A worker
 * that finds no call in flight sends its own request and every other one waiting, as one script call
 * ({@link JobQueue#finishAndClaimNextAll}), and hands each its answer; requests that arrive meanwhile wait for
 * the next call, sent by one of them. So the round trip, the client's command and event-loop work and the script
 * call are shared by the platforms finishing at the same time, no thread is added between a worker and Redis,
 * and a lone request goes out at once. Each platform is still finished on its own lease, exactly as
 * {@link JobQueue#finishAndClaimNext} does it.
 */
final class FinishBatcher {
    /** Jobs per call at most: more than the platforms one process usually serves. */
    private static final int MAX_BATCH = 64;

    private final JobQueue queue;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    /** Held by the worker sending a call; at most one call is in flight. */
    private final ReentrantLock sending = new ReentrantLock();

    FinishBatcher(JobQueue queue) {
        this.queue = queue;
    }

    /**
     * Records the outcome and takes the platform's next job, as {@link JobQueue#finishAndClaimNext} does, and
     * waits for the answer; throws what the call threw (a {@code RedisException} when Redis is unreachable).
     */
    Finished finish(FinishRequest request) {
        Waiting entry = new Waiting(request);
        waiting.add(entry);
        while (true) {
            if (sending.tryLock()) {
                try {
                    while (!entry.isDone()) {
                        send();
                    }
                } finally {
                    sending.unlock();
                }
                // requests that came while this call was in flight: wake the first so it sends them
                Waiting next = waiting.peek();
                if (next != null) {
                    next.nudge();
                }
                return entry.answer();
            }
            // another worker is sending: it answers this request or, when done, nudges us to send it
            if (entry.awaitDoneOrNudged()) {
                return entry.answer();
            }
        }
    }

    /** One call for the requests waiting now; each gets its own answer, or the call's exception. */
    private void send() {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting entry; batch.size() < MAX_BATCH && (entry = waiting.poll()) != null; ) {
            batch.add(entry);
        }
        try {
            if (batch.size() == 1) {
                batch.get(0).answer(queue.finishAndClaimNext(batch.get(0).request), null);
                return;
            }
            List<FinishRequest> requests = new ArrayList<>(batch.size());
            batch.forEach(entry -> requests.add(entry.request));
            List<Finished> answers = queue.finishAndClaimNextAll(requests);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer(answers.get(i), null);
            }
        } catch (RuntimeException e) {
            // Redis unreachable or the reply lost: each worker retries on its own (finding its lease handed on
            // when the call did reach Redis), as it would have after a call of its own
            batch.forEach(entry -> entry.answer(null, e));
        }
    }

    /** One worker's request, and its answer once the call that carried it returned. */
    private static final class Waiting {
        private final FinishRequest request;
        private boolean done;
        private boolean nudged;
        private Finished finished;
        private RuntimeException error;

        Waiting(FinishRequest request) {
            this.request = request;
        }

        synchronized void answer(Finished finished, RuntimeException error) {
            this.finished = finished;
            this.error = error;
            done = true;
            notifyAll();
        }

        synchronized void nudge() {
            nudged = true;
            notifyAll();
        }

        synchronized boolean isDone() {
            return done;
        }

        /**
         * Waits until answered (true) or nudged to send (false). Not cut short by an interrupt: the request may
         * be in flight, and its answer decides what the worker does next; the interrupt is kept for later.
         */
        synchronized boolean awaitDoneOrNudged() {
            boolean interrupted = false;
            while (!done && !nudged) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            nudged = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return done;
        }

        synchronized Finished answer() {
            if (error != null) {
                throw error;
            }
            return finished;
        }
    }
}
