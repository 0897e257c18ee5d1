package io.productscanner.runtime.heartbeat;

import java.util.List;

/** Tells the heartbeat which jobs the process runs at this moment; asked once per beat, from another thread. */
@FunctionalInterface
public interface CurrentJobs {
    /** For a process without workers (the API alone). */
    CurrentJobs NONE = List::of;

    List<CurrentJob> currentJobs();
}
