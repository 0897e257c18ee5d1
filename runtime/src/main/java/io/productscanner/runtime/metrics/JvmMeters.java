package io.productscanner.runtime.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's memory, garbage collection, threads, classes, buffers, CPU, uptime and file descriptors under the
 * names, tags and units of Micrometer's JVM binders ({@code JvmMemoryMetrics}, {@code JvmGcMetrics},
 * {@code JvmThreadMetrics}, {@code ClassLoaderMetrics}, {@code ProcessorMetrics}, {@code UptimeMetrics},
 * {@code FileDescriptorMetrics}), so community JVM dashboards read them as they are: Helidon exports
 * {@code jvm.memory.used} with base unit bytes as {@code jvm_memory_used_bytes}. Read from the MXBeans through
 * Helidon's metrics API; docs/METRICS.md maps them to Helidon's own system meters.
 */
final class JvmMeters {
    private static final String BYTES = "bytes";
    private static final String THREADS = "threads";
    private static final String CLASSES = "classes";
    private static final String FILES = "files";
    private static final String BUFFERS = "buffers";
    private static final String SECONDS = "seconds";
    /** Garbage collectors whose notifications report a concurrent cycle, not a pause (as Micrometer tells them). */
    private static final Set<String> CONCURRENT_COLLECTORS =
            Set.of("Shenandoah Cycles", "ZGC Cycles", "ZGC Major Cycles", "ZGC Minor Cycles");
    /** The MXBeans are the JVM's, one set per process: one GC listener per registry, however often it is wired. */
    private static final Set<MeterRegistry> LISTENING =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private JvmMeters() {}

    static void register(MeterRegistry registry) {
        memory(registry);
        garbageCollection(registry);
        threads(registry);
        classes(registry);
        processAndSystem(registry);
    }

    private static void memory(MeterRegistry registry) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            Tag id = Tag.create("id", pool.getName());
            Tag area = Tag.create("area", pool.getType() == MemoryType.HEAP ? "heap" : "nonheap");
            poolGauge(registry, "jvm.memory.used", pool, MemoryUsage::getUsed, id, area, "The amount of used memory");
            poolGauge(
                    registry,
                    "jvm.memory.committed",
                    pool,
                    MemoryUsage::getCommitted,
                    id,
                    area,
                    "The amount of memory in bytes that is committed for the Java virtual machine to use");
            poolGauge(
                    registry,
                    "jvm.memory.max",
                    pool,
                    MemoryUsage::getMax,
                    id,
                    area,
                    "The maximum amount of memory in bytes that can be used for memory management; -1 where the "
                            + "pool has no maximum");
        }
        for (BufferPoolMXBean buffers : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            Tag id = Tag.create("id", buffers.getName());
            registry.getOrCreate(Gauge.builder("jvm.buffer.count", buffers, BufferPoolMXBean::getCount)
                    .baseUnit(BUFFERS)
                    .addTag(id)
                    .description("An estimate of the number of buffers in the pool"));
            registry.getOrCreate(Gauge.builder("jvm.buffer.memory.used", buffers, BufferPoolMXBean::getMemoryUsed)
                    .baseUnit(BYTES)
                    .addTag(id)
                    .description("An estimate of the memory that the Java virtual machine is using for this "
                            + "buffer pool"));
            registry.getOrCreate(Gauge.builder("jvm.buffer.total.capacity", buffers, BufferPoolMXBean::getTotalCapacity)
                    .baseUnit(BYTES)
                    .addTag(id)
                    .description("An estimate of the total capacity of the buffers in this pool"));
        }
    }

    /** A pool's gauge; NaN once the pool is no longer valid. */
    private static void poolGauge(
            MeterRegistry registry,
            String name,
            MemoryPoolMXBean pool,
            ToLongFunction<MemoryUsage> value,
            Tag id,
            Tag area,
            String description) {
        registry.getOrCreate(Gauge.builder(name, pool, p -> usage(p, value))
                .baseUnit(BYTES)
                .addTag(id)
                .addTag(area)
                .description(description));
    }

    private static double usage(MemoryPoolMXBean pool, ToLongFunction<MemoryUsage> value) {
        MemoryUsage usage = pool.isValid() ? pool.getUsage() : null;
        return usage == null ? Double.NaN : value.applyAsLong(usage);
    }

    private static void garbageCollection(MeterRegistry registry) {
        ThreadMXBean threads = ManagementFactory.getPlatformMXBean(ThreadMXBean.class);
        if (threads.isThreadAllocatedMemorySupported()) {
            // the heap bytes every thread allocated, exited threads included: what Micrometer approximates
            // from the young generation's growth between collections
            registry.getOrCreate(FunctionalCounter.builder(
                            "jvm.gc.memory.allocated",
                            threads,
                            bean -> Math.max(0, bean.getTotalThreadAllocatedBytes()))
                    .baseUnit(BYTES)
                    .description("Heap memory allocated by all threads since the Java virtual machine started"));
        }
        if (!LISTENING.add(registry)) {
            return;
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (notification, handback) -> collected(registry, notification), null, null);
            }
        }
    }

    /** One collection: a pause goes to {@code jvm.gc.pause}, a concurrent cycle to its own timer. */
    private static void collected(MeterRegistry registry, Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        String gc = info.getGcName();
        String cause = info.getGcCause();
        boolean concurrent = "No GC".equals(cause) || CONCURRENT_COLLECTORS.contains(gc);
        Timer timer = registry.getOrCreate(Timer.builder(concurrent ? "jvm.gc.concurrent.phase.time" : "jvm.gc.pause")
                .description(concurrent ? "Time spent in concurrent phase" : "Time spent in GC pause")
                .percentiles(new double[0])
                .addTag(Tag.create("gc", gc))
                .addTag(Tag.create("action", info.getGcAction()))
                .addTag(Tag.create("cause", cause)));
        timer.record(Duration.ofMillis(info.getGcInfo().getDuration()));
    }

    private static void threads(MeterRegistry registry) {
        ThreadMXBean threads = ManagementFactory.getPlatformMXBean(ThreadMXBean.class);
        registry.getOrCreate(Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount)
                .baseUnit(THREADS)
                .description("The current number of live threads including both daemon and non-daemon threads"));
        registry.getOrCreate(Gauge.builder("jvm.threads.daemon", threads, ThreadMXBean::getDaemonThreadCount)
                .baseUnit(THREADS)
                .description("The current number of live daemon threads"));
        registry.getOrCreate(Gauge.builder("jvm.threads.peak", threads, ThreadMXBean::getPeakThreadCount)
                .baseUnit(THREADS)
                .description("The peak live thread count since the Java virtual machine started or peak was reset"));
        registry.getOrCreate(
                FunctionalCounter.builder("jvm.threads.started", threads, ThreadMXBean::getTotalStartedThreadCount)
                        .baseUnit(THREADS)
                        .description("The total number of application threads started in the JVM"));
        for (Thread.State state : Thread.State.values()) {
            registry.getOrCreate(Gauge.builder("jvm.threads.states", threads, bean -> inState(bean, state))
                    .baseUnit(THREADS)
                    .addTag(Tag.create(
                            "state", state.name().toLowerCase(Locale.ROOT).replace('_', '-')))
                    .description("The current number of threads"));
        }
    }

    private static long inState(ThreadMXBean threads, Thread.State state) {
        long count = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadState() == state) {
                count++;
            }
        }
        return count;
    }

    private static void classes(MeterRegistry registry) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        registry.getOrCreate(Gauge.builder("jvm.classes.loaded", classes, ClassLoadingMXBean::getLoadedClassCount)
                .baseUnit(CLASSES)
                .description("The number of classes that are currently loaded in the Java virtual machine"));
        registry.getOrCreate(
                FunctionalCounter.builder("jvm.classes.unloaded", classes, ClassLoadingMXBean::getUnloadedClassCount)
                        .baseUnit(CLASSES)
                        .description("The number of classes unloaded in the Java virtual machine"));
    }

    private static void processAndSystem(MeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        registry.getOrCreate(Gauge.builder("system.cpu.count", os, OperatingSystemMXBean::getAvailableProcessors)
                .description("The number of processors available to the Java virtual machine"));
        registry.getOrCreate(Gauge.builder("system.load.average.1m", os, OperatingSystemMXBean::getSystemLoadAverage)
                .description("The sum of the number of runnable entities queued to available processors and the "
                        + "number of runnable entities running on the available processors averaged over a period "
                        + "of time"));
        // both are the share of all CPUs available to the JVM (its container's, under a CPU limit)
        registry.getOrCreate(Gauge.builder("process.cpu.usage", os, bean -> share(bean.getProcessCpuLoad()))
                .description("The \"recent cpu usage\" for the Java Virtual Machine process"));
        registry.getOrCreate(Gauge.builder("system.cpu.usage", os, bean -> share(bean.getCpuLoad()))
                .description("The \"recent cpu usage\" of the system the application is running in"));
        if (os instanceof UnixOperatingSystemMXBean unix) {
            registry.getOrCreate(
                    Gauge.builder("process.files.open", unix, UnixOperatingSystemMXBean::getOpenFileDescriptorCount)
                            .baseUnit(FILES)
                            .description("The open file descriptor count"));
            registry.getOrCreate(
                    Gauge.builder("process.files.max", unix, UnixOperatingSystemMXBean::getMaxFileDescriptorCount)
                            .baseUnit(FILES)
                            .description("The maximum file descriptor count"));
        }
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        registry.getOrCreate(Gauge.builder("process.uptime", runtime, bean -> bean.getUptime() / 1000.0)
                .baseUnit(SECONDS)
                .description("The uptime of the Java virtual machine"));
        registry.getOrCreate(Gauge.builder("process.start.time", runtime, bean -> bean.getStartTime() / 1000.0)
                .baseUnit(SECONDS)
                .description("Start time of the process since unix epoch."));
    }

    /** A load in [0, 1]; the MXBean's negative "not available" becomes no value. */
    private static double share(double load) {
        return load < 0 ? Double.NaN : load;
    }
}
