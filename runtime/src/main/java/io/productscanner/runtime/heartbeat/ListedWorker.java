package io.productscanner.runtime.heartbeat;

/**
 * A live process as the worker list shows it.
 *
 * @param ageSeconds how long ago its last heartbeat was written, one decimal; beyond the beat interval it is late
 */
public record ListedWorker(WorkerHeartbeat heartbeat, double ageSeconds) {}
