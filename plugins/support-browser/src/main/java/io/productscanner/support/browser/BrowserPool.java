package io.productscanner.support.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.internal.BrowserProcesses;
import io.productscanner.support.browser.internal.RequestRouter;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One plugin's browser: Chromium launched on first use, then reused. Plugins ask for a page with
 * {@link #withPage(PageTask)} and never launch or close anything themselves. The pool
 * <ul>
 *   <li>runs every task on its own browser thread (Playwright is single-threaded) with a deadline;</li>
 *   <li>replaces the page every {@link BrowserSettings#productsPerPage()} products and the context every
 *       {@link BrowserSettings#productsPerContext()}, since long-lived pages and contexts leak;</li>
 *   <li>kills and relaunches a browser that crashed or hung, reports the restart, and runs the task that hit it
 *       once more;</li>
 *   <li>aborts blocked resource types and routes every request through the site mirror when one is set.</li>
 * </ul>
 */
public final class BrowserPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrowserPool.class.getName());
    private static final long UNBLOCK_WAIT_MS = 5_000;

    private final String platform;
    private final BrowserSettings settings;
    private final RequestRouter router;
    private final Runnable restartListener;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong launches = new AtomicLong();
    private ExecutorService browserThread;
    // touched on the browser thread only, except `session`, which the watchdog marks broken
    private volatile Session session;
    private volatile boolean launchHung;
    private boolean closed;

    private BrowserPool(String platform, BrowserSettings settings, Optional<URI> mirror, Runnable restartListener) {
        this.platform = platform;
        this.settings = settings;
        this.router = new RequestRouter(settings.blockedResources(), mirror, platform);
        this.restartListener = restartListener;
        this.browserThread = newBrowserThread();
    }

    /**
     * A pool for one platform's scanner. Nothing is launched yet. Restarts after a crash or hang are reported to
     * {@link PluginContext#browserRestarted()}.
     *
     * @throws IllegalArgumentException when the context's site mirror is not an http(s) URL
     */
    public static BrowserPool create(String platform, PluginContext context, BrowserSettings settings) {
        return new BrowserPool(platform, settings, context.siteMirror(), context::browserRestarted);
    }

    /**
     * Runs a task on the current page. A browser that crashes or hangs during the task is killed and relaunched and
     * the task runs once more on a fresh page; a second failure is reported as retryable.
     *
     * @throws ScanException the task's own, or {@link FailureKind#TIMEOUT} / {@link FailureKind#NETWORK} for
     *                       Playwright timeouts and failures
     */
    public <T> T withPage(PageTask<T> task) throws ScanException {
        ScanException failure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            Attempt<T> result = attempt(task);
            if (result.failure == null) {
                return result.value;
            }
            if (!result.browserBroken) {
                throw result.failure;
            }
            failure = result.failure;
            LOG.log(System.Logger.Level.WARNING, "event=browser.broken platform=" + platform + " attempt="
                    + attempt + " will_retry=" + (attempt == 1) + " error=\"" + oneLine(failure.getMessage())
                    + "\"");
        }
        throw failure;
    }

    /**
     * The URL the page's current document came from after redirects. Through the site mirror redirects are
     * followed by the routing, so the page's own {@link Page#url()} still shows the first URL; call inside a task.
     */
    public String landedUrl(Page page) {
        String landed = router.landedUrl(page);
        return landed != null ? landed : page.url();
    }

    /** Relaunches after a crash or hang so far. */
    public long restarts() {
        return restarts.get();
    }

    /** Browsers launched so far, the first one and relaunches alike. */
    public long launches() {
        return launches.get();
    }

    /** The main Chromium process of the running browser, if one runs; for tests and diagnostics. */
    public Optional<Long> chromiumPid() {
        Session current = session;
        return current == null ? Optional.empty() : current.processes.chromiumPid();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Future<?> closing = browserThread.submit(this::discardSession);
        try {
            closing.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Session current = session;
            if (current != null) {
                current.processes.killChromium();
                current.processes.killDriver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        browserThread.shutdownNow();
    }

    private synchronized <T> Attempt<T> attempt(PageTask<T> task) {
        if (closed) {
            return Attempt.failed(new ScanException(FailureKind.NETWORK, "the " + platform + " browser is closed"),
                    false);
        }
        Future<Attempt<T>> future = browserThread.submit(() -> runOnBrowserThread(task));
        try {
            return future.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return hung(future);
        } catch (ExecutionException e) {
            return Attempt.failed(new ScanException(FailureKind.PARSE, "browser task failed: " + e.getCause(),
                    e.getCause()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Attempt.failed(new ScanException(FailureKind.TIMEOUT, "interrupted while scanning"), false);
        }
    }

    /** The task overran its budget: kill the browser (and if need be the driver) so the browser thread is freed. */
    private <T> Attempt<T> hung(Future<Attempt<T>> future) {
        LOG.log(System.Logger.Level.WARNING, "event=browser.hung platform=" + platform + " budget_ms="
                + settings.callTimeout().toMillis());
        Session current = session;
        if (current != null) {
            current.broken = true;
            current.hung = true;
            current.processes.killChromium();
        } else {
            // hung while launching: whatever that launch produces is not trusted
            launchHung = true;
        }
        if (!finishes(future) && current != null) {
            current.processes.killDriver();
            if (!finishes(future)) {
                // the thread is lost; a new one takes over with a fresh browser
                LOG.log(System.Logger.Level.ERROR, "event=browser.thread_abandoned platform=" + platform);
                browserThread.shutdownNow();
                browserThread = newBrowserThread();
                session = null;
                countRestart();
            }
        }
        return Attempt.failed(new ScanException(FailureKind.TIMEOUT, "the " + platform + " browser did not finish "
                + "within " + settings.callTimeout().toMillis() + " ms (BROWSER_CALL_TIMEOUT_MS)"), true);
    }

    private static boolean finishes(Future<?> future) {
        try {
            future.get(UNBLOCK_WAIT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> Attempt<T> runOnBrowserThread(PageTask<T> task) {
        Session current;
        Page page;
        try {
            current = liveSession();
            page = current.page();
        } catch (PlaywrightException e) {
            Session failed = session;
            boolean broken = failed != null && failed.brokenNow();
            return Attempt.failed(new ScanException(FailureKind.NETWORK, "cannot open a " + platform + " page: "
                    + oneLine(e.getMessage()), e), broken);
        }
        try {
            return Attempt.of(task.run(page));
        } catch (ScanException e) {
            boolean broken = current.brokenNow() || current.pageCrashed;
            if (e.kind() == FailureKind.PARSE && !broken) {
                PageEvidence.attach(e, page);
            }
            return Attempt.failed(e, broken);
        } catch (TimeoutError e) {
            return Attempt.failed(new ScanException(FailureKind.TIMEOUT, oneLine(e.getMessage()), e),
                    current.brokenNow() || current.pageCrashed);
        } catch (PlaywrightException e) {
            // a crashed renderer takes only the page: the retry gets a new one in the same browser
            return Attempt.failed(new ScanException(FailureKind.NETWORK, oneLine(e.getMessage()), e),
                    current.brokenNow() || current.pageCrashed);
        } finally {
            current.productDone();
        }
    }

    /** The running session, after replacing a broken one; launches the browser on first use. */
    private Session liveSession() {
        Session current = session;
        if (current != null && launchHung) {
            current.broken = true;
            current.hung = true;
        }
        launchHung = false;
        if (current != null && current.brokenNow()) {
            discardSession();
            countRestart();
            current = null;
        }
        if (current == null) {
            current = launch();
            session = current;
        }
        return current;
    }

    private void countRestart() {
        restarts.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "event=browser.restarted platform=" + platform + " restarts="
                + restarts.get());
        try {
            restartListener.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event=browser.restart_report_failed platform=" + platform
                    + " error=\"" + e + "\"");
        }
    }

    private Session launch() {
        long started = System.nanoTime();
        BrowserProcesses processes = new BrowserProcesses();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                BrowserSettings.NODEJS_PATH, settings.nodePath().toString())));
        try {
            List<String> args = new ArrayList<>(LEAN_SWITCHES);
            args.add(processes.markerSwitch());
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(settings.chromiumPath())
                    .setHeadless(true)
                    .setArgs(args)
                    .setTimeout(settings.callTimeout().toMillis()));
            processes.locate();
            launches.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "event=browser.launched platform=" + platform + " version="
                    + browser.version() + " pid=" + processes.chromiumPid().map(String::valueOf).orElse("?")
                    + " took_ms=" + (System.nanoTime() - started) / 1_000_000);
            return new Session(playwright, browser, processes);
        } catch (RuntimeException e) {
            processes.locate();
            processes.killChromium();
            closeQuietly(playwright::close);
            throw e;
        }
    }

    private void discardSession() {
        Session current = session;
        session = null;
        if (current == null) {
            return;
        }
        if (current.hung) {
            // a driver that let a call hang is not trusted to close cleanly
            current.processes.killChromium();
            current.processes.killDriver();
        }
        closeQuietly(current.browser::close);
        current.processes.killChromium();
        closeQuietly(current.playwright::close);
    }

    private ExecutorService newBrowserThread() {
        return Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform().daemon()
                .name("browser-" + platform).unstarted(runnable));
    }

    private static void closeQuietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            // closing what already died: nothing to save
        }
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Flags that keep a headless Chromium small: no GPU, no background services, /tmp instead of /dev/shm. */
    private static final List<String> LEAN_SWITCHES = List.of(
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--disable-translate",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            // navigator.webdriver stays false, as in a browser someone uses
            "--disable-blink-features=AutomationControlled",
            "--renderer-process-limit=2",
            "--js-flags=--max-old-space-size=256");

    /** One launched browser with its current context and page, and the counters that decide their rotation. */
    private final class Session {
        final Playwright playwright;
        final Browser browser;
        final BrowserProcesses processes;
        BrowserContext context;
        Page page;
        int productsOnPage;
        int productsInContext;
        volatile boolean broken;
        volatile boolean hung;
        volatile boolean pageCrashed;

        Session(Playwright playwright, Browser browser, BrowserProcesses processes) {
            this.playwright = playwright;
            this.browser = browser;
            this.processes = processes;
        }

        Page page() {
            if (context == null) {
                context = browser.newContext(contextOptions());
                context.setDefaultTimeout(settings.navigationTimeout().toMillis());
                context.setDefaultNavigationTimeout(settings.navigationTimeout().toMillis());
                if (router.needed()) {
                    context.route("**/*", router::handle);
                }
                productsInContext = 0;
            }
            if (page == null) {
                page = context.newPage();
                page.onCrash(crashed -> pageCrashed = true);
                productsOnPage = 0;
            }
            return page;
        }

        /** Counts a product and retires the page and context that reached their limits. */
        void productDone() {
            productsOnPage++;
            productsInContext++;
            if (brokenNow()) {
                return;
            }
            if (pageCrashed || productsOnPage >= settings.productsPerPage() || productsInContext
                    >= settings.productsPerContext()) {
                Page retired = page;
                page = null;
                pageCrashed = false;
                if (retired != null) {
                    closeQuietly(retired::close);
                }
            }
            if (productsInContext >= settings.productsPerContext()) {
                BrowserContext retired = context;
                context = null;
                if (retired != null) {
                    closeQuietly(retired::close);
                }
            }
        }

        boolean brokenNow() {
            if (!broken && (!processes.chromiumAlive() || !browser.isConnected())) {
                broken = true;
            }
            return broken;
        }

        private Browser.NewContextOptions contextOptions() {
            Browser.NewContextOptions options = new Browser.NewContextOptions()
                    .setUserAgent(settings.userAgent())
                    .setViewportSize(settings.viewportWidth(), settings.viewportHeight())
                    .setLocale(settings.locale())
                    .setTimezoneId("Asia/Seoul");
            if (settings.mobile()) {
                options.setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(3);
            }
            return options;
        }
    }

    private record Attempt<T>(T value, ScanException failure, boolean browserBroken) {
        static <T> Attempt<T> of(T value) {
            return new Attempt<>(value, null, false);
        }

        static <T> Attempt<T> failed(ScanException failure, boolean browserBroken) {
            return new Attempt<>(null, failure, browserBroken);
        }
    }
}
