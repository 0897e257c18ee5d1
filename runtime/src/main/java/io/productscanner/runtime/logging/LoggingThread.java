package io.productscanner.runtime.logging;

/** How a log line names a thread. */
final class LoggingThread {
    private LoggingThread() {}

    /** Its name; an unnamed virtual thread (Helidon's request threads) by its id, which tells two of them apart. */
    static String name(Thread thread) {
        String name = thread.getName();
        return name.isEmpty() ? (thread.isVirtual() ? "virtual-" : "thread-") + thread.threadId() : name;
    }
}
