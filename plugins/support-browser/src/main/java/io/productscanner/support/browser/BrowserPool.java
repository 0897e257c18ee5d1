package io.productscanner.support.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import io.opentelemetry.context.Context;
import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.ScanException;
import io.productscanner.support.browser.internal.BrowserProcesses;
import io.productscanner.support.browser.internal.EgressProxy;
import io.productscanner.support.browser.internal.NavigationSpans;
import io.productscanner.support.browser.internal.RequestRouter;
import io.productscanner.support.core.egress.EgressPolicy;
import io.productscanner.support.core.egress.EgressRefusal;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
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
 *   <li>aborts blocked resource types and routes every request through the site mirror when one is set;</li>
 *   <li>sends everything the browser fetches through its {@link EgressProxy}, which refuses internal destinations
 *       (the {@link EgressPolicy}): a task during which the page asked for one fails as
 *       {@link FailureKind#FORBIDDEN_DESTINATION}; service workers, which would fetch outside the routing, are
 *       blocked;</li>
 *   <li>runs Chromium in its sandbox unless {@link BrowserSandbox} says otherwise or it cannot start so.</li>
 * </ul>
 */
public final class BrowserPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrowserPool.class.getName());
    // per Chromium executable, its words refusing the sandbox when a launch in auto mode found it refused
    private static final ConcurrentMap<Path, String> SANDBOX_REFUSALS = new ConcurrentHashMap<>();
    private static final long UNBLOCK_WAIT_MS = 5_000;

    private final String platform;
    private final BrowserSettings settings;
    private final RequestRouter router;
    private final EgressPolicy policy;
    // refusals the proxy reported, and the host:port of every request and WebSocket of the pages, since the current
    // task started; Chromium's own background requests pass the proxy too, and are not the page's doing
    private final ConcurrentLinkedQueue<EgressRefusal> refusals = new ConcurrentLinkedQueue<>();
    private final Set<String> requestedDestinations = ConcurrentHashMap.newKeySet();
    private final Runnable restartListener;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong launches = new AtomicLong();
    private ExecutorService browserThread;
    private final NavigationSpans navigations = new NavigationSpans();
    // touched on the browser thread only, except `session`, which the watchdog marks broken
    private volatile Session session;
    private volatile boolean launchHung;
    private boolean closed;
    // the browser thread's own: opened on the first launch, kept across relaunches
    private volatile EgressProxy proxy;
    // decided by the first launch: null until then
    private Boolean sandboxed;

    /** A pool with the site mirror and the egress policy given apart (the public factory takes both from a context). */
    BrowserPool(
            String platform,
            BrowserSettings settings,
            Optional<URI> mirror,
            EgressPolicy policy,
            Runnable restartListener) {
        this.platform = platform;
        this.settings = settings;
        this.router = new RequestRouter(settings.blockedResources(), mirror, platform);
        this.policy = policy;
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
        return new BrowserPool(
                platform, settings, context.siteMirror(), EgressPolicy.forContext(context), context::browserRestarted);
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
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=browser.broken platform=" + platform + " attempt="
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

    /**
     * The body of an answer the page received (an API answer it fetched), decoded as UTF-8, when it is no longer than
     * {@link BrowserSettings#maxBodyBytes()}; call inside a task. An answer announcing a longer {@code Content-Length}
     * is refused before its body is asked for; Chromium itself keeps no body much over 10 MB for the scanner to ask
     * for, so what crosses into the scanner stays bounded either way.
     *
     * @throws ScanException {@link FailureKind#UPSTREAM} naming the limit when the answer is longer
     */
    public String bodyText(Response response) throws ScanException {
        String declared = response.headerValue("content-length");
        if (declared != null
                && declared.strip().matches("\\d{1,18}")
                && Long.parseLong(declared.strip()) > settings.maxBodyBytes()) {
            throw tooLarge(response.url(), "");
        }
        byte[] body;
        try {
            body = response.body();
        } catch (PlaywrightException e) {
            if (e.getMessage() != null && e.getMessage().contains("evicted from inspector cache")) {
                throw tooLarge(response.url(), ", more than the browser keeps for the scanner");
            }
            throw e;
        }
        if (body.length > settings.maxBodyBytes()) {
            throw tooLarge(response.url(), "");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private ScanException tooLarge(String url, String why) {
        return new ScanException(
                FailureKind.UPSTREAM,
                "the answer from " + url + " is larger than " + settings.maxBodyBytes()
                        + " bytes (BROWSER_MAX_BODY_BYTES)" + why);
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
        if (proxy != null) {
            proxy.close();
        }
    }

    private synchronized <T> Attempt<T> attempt(PageTask<T> task) {
        if (closed) {
            return Attempt.failed(
                    new ScanException(FailureKind.NETWORK, "the " + platform + " browser is closed"), false);
        }
        // in the caller's trace context (the scan's): the page's navigation spans are its children
        Future<Attempt<T>> future = browserThread.submit(Context.current().wrap(() -> runOnBrowserThread(task)));
        try {
            return future.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return hung(future);
        } catch (ExecutionException e) {
            return Attempt.failed(
                    new ScanException(FailureKind.PARSE, "browser task failed: " + e.getCause(), e.getCause()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Attempt.failed(new ScanException(FailureKind.TIMEOUT, "interrupted while scanning"), false);
        }
    }

    /** The task overran its budget: kill the browser (and if need be the driver) so the browser thread is freed. */
    private <T> Attempt<T> hung(Future<Attempt<T>> future) {
        LOG.log(
                System.Logger.Level.WARNING,
                "event=browser.hung platform=" + platform + " budget_ms="
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
        return Attempt.failed(
                new ScanException(
                        FailureKind.TIMEOUT,
                        "the " + platform + " browser did not finish within "
                                + settings.callTimeout().toMillis() + " ms (BROWSER_CALL_TIMEOUT_MS)"),
                true);
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

    /**
     * Runs the task; when the proxy refused a destination the page asked for meanwhile (a request, a redirect, a
     * WebSocket), the task fails as a forbidden destination whatever it returned, its own failure kept as suppressed.
     */
    private <T> Attempt<T> runOnBrowserThread(PageTask<T> task) {
        // what was reported after the last task ended belonged to its page
        refusals.clear();
        navigations.abandonOpen();
        requestedDestinations.clear();
        Attempt<T> attempt = runTask(task);
        List<EgressRefusal> ofThePage = refusals.stream()
                .filter(refusal -> requestedDestinations.contains(destination(refusal.host(), refusal.port())))
                .toList();
        if (ofThePage.isEmpty()) {
            return attempt;
        }
        EgressRefusal refused = ofThePage.getFirst();
        int more = ofThePage.size() - 1;
        ScanException forbidden = new ScanException(
                FailureKind.FORBIDDEN_DESTINATION,
                "the " + platform
                        + " page led the browser to a forbidden destination: " + refused.message()
                        + (more > 0 ? " (and " + more + " more refused)" : ""));
        if (attempt.failure != null) {
            forbidden.addSuppressed(attempt.failure);
        }
        return Attempt.failed(forbidden, attempt.browserBroken);
    }

    private <T> Attempt<T> runTask(PageTask<T> task) {
        Session current;
        Page page;
        try {
            current = liveSession();
            page = current.page();
        } catch (PlaywrightException e) {
            Session failed = session;
            boolean broken = failed != null && failed.brokenNow();
            return Attempt.failed(
                    new ScanException(
                            FailureKind.NETWORK, "cannot open a " + platform + " page: " + oneLine(e.getMessage()), e),
                    broken);
        }
        try {
            return Attempt.of(task.run(page));
        } catch (ScanException e) {
            boolean broken = current.brokenNow() || current.pageCrashed;
            if (e.kind() == FailureKind.PARSE && !broken) {
                PageEvidence.attach(e, page, settings.maxBodyBytes());
            }
            return Attempt.failed(e, broken);
        } catch (TimeoutError e) {
            return Attempt.failed(
                    new ScanException(FailureKind.TIMEOUT, oneLine(e.getMessage()), e),
                    current.brokenNow() || current.pageCrashed);
        } catch (PlaywrightException e) {
            // a crashed renderer takes only the page: the retry gets a new one in the same browser
            return Attempt.failed(
                    new ScanException(FailureKind.NETWORK, oneLine(e.getMessage()), e),
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
        LOG.log(
                System.Logger.Level.WARNING,
                "event=browser.restarted platform=" + platform + " restarts=" + restarts.get());
        try {
            restartListener.run();
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=browser.restart_report_failed platform=" + platform + " error=\"" + e + "\"");
        }
    }

    private Session launch() {
        long started = System.nanoTime();
        if (proxy == null) {
            try {
                proxy = EgressProxy.start(policy, platform, refusals::add);
            } catch (IOException e) {
                throw new PlaywrightException("cannot open the browser's egress proxy: " + e);
            }
        }
        BrowserProcesses processes = new BrowserProcesses();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of(
                        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD",
                        "1",
                        BrowserSettings.NODEJS_PATH,
                        settings.nodePath().toString())));
        try {
            List<String> args = new ArrayList<>(LEAN_SWITCHES);
            args.add(processes.markerSwitch());
            Browser browser = launchBrowser(playwright, args);
            processes.locate();
            launches.incrementAndGet();
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=browser.launched platform=" + platform + " version="
                            + browser.version() + " pid="
                            + processes.chromiumPid().map(String::valueOf).orElse("?")
                            + " sandbox=" + (sandboxed ? "on" : "off") + " proxy=" + proxy.url()
                            + " took_ms=" + (System.nanoTime() - started) / 1_000_000);
            return new Session(playwright, browser, processes);
        } catch (RuntimeException e) {
            processes.locate();
            processes.killChromium();
            closeQuietly(playwright::close);
            throw e;
        }
    }

    /**
     * Launches Chromium behind the egress proxy, sandboxed as {@link BrowserSettings#sandbox()} says. In auto mode the
     * first launch tries the sandbox and, when Chromium refuses it (as root, or without user namespaces), launches
     * without it and warns, saying why and how to run sandboxed; later launches of the pool keep that decision, and
     * other pools of the process take the refusal found for the same Chromium without trying again.
     */
    private Browser launchBrowser(Playwright playwright, List<String> args) {
        if (sandboxed != null || settings.sandbox() == BrowserSandbox.OFF) {
            return launchDeciding(playwright, args, sandboxed != null && sandboxed);
        }
        String refusedBefore =
                settings.sandbox() == BrowserSandbox.AUTO ? SANDBOX_REFUSALS.get(settings.chromiumPath()) : null;
        if (refusedBefore != null) {
            return launchUnsandboxed(playwright, args, refusedBefore);
        }
        try {
            return launchDeciding(playwright, args, true);
        } catch (PlaywrightException e) {
            String refusal = sandboxRefusal(e);
            if (refusal.isEmpty() || !e.getMessage().contains("--no-sandbox")) {
                throw e;
            }
            if (settings.sandbox() == BrowserSandbox.ON) {
                throw new PlaywrightException(
                        "Chromium cannot start in its sandbox and " + BrowserSandbox.SETTING
                                + "=on: " + sandboxAdvice() + ", or set " + BrowserSandbox.SETTING
                                + "=auto or off (Chromium: "
                                + refusal + ")",
                        e);
            }
            SANDBOX_REFUSALS.put(settings.chromiumPath(), refusal);
            return launchUnsandboxed(playwright, args, refusal);
        }
    }

    /** Launches sandboxed or not, and logs the pool's decision on its first launch. */
    private Browser launchDeciding(Playwright playwright, List<String> args, boolean sandbox) {
        Browser browser = playwright.chromium().launch(launchOptions(args, sandbox));
        if (sandboxed == null) {
            sandboxed = sandbox;
            LOG.log(
                    System.Logger.Level.INFO,
                    "event=browser.sandbox platform=" + platform + " sandbox=" + (sandbox ? "on" : "off") + " mode="
                            + settings.sandbox().name().toLowerCase(Locale.ROOT));
        }
        return browser;
    }

    private Browser launchUnsandboxed(Playwright playwright, List<String> args, String refusal) {
        LOG.log(
                System.Logger.Level.WARNING,
                "event=browser.sandbox_off platform=" + platform + " reason=\""
                        + sandboxAdvice() + ", or set " + BrowserSandbox.SETTING + "=off to choose this\" chromium=\""
                        + refusal + "\"");
        return launchDeciding(playwright, args, false);
    }

    /** Why Chromium refused its sandbox here, and what lets it run sandboxed. */
    private static String sandboxAdvice() {
        return isRoot()
                ? "Chromium refuses its sandbox when run as root; run the worker as a non-root user (the "
                        + "Docker image runs as uid 10001)"
                : "the kernel or the container refuses the user namespaces Chromium's sandbox needs; allow "
                        + "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, a seccomp profile that "
                        + "permits them)";
    }

    private BrowserType.LaunchOptions launchOptions(List<String> args, boolean sandbox) {
        return new BrowserType.LaunchOptions()
                .setExecutablePath(settings.chromiumPath())
                .setHeadless(true)
                .setChromiumSandbox(sandbox)
                // Playwright also sends loopback through it (--proxy-bypass-list=<-loopback>)
                .setProxy(new Proxy(proxy.url()))
                .setArgs(args)
                .setTimeout(settings.callTimeout().toMillis());
    }

    /** {@code host:port} of a URL, as the proxy is asked for it ({@code 80}/{@code 443} by default); "" for others. */
    private static String destination(String url) {
        try {
            URI parsed = new URI(url);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (parsed.getHost() == null) {
                return "";
            }
            int port = parsed.getPort() >= 0
                    ? parsed.getPort()
                    : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
            return destination(parsed.getHost(), port);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String destination(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Chromium's own words refusing its sandbox in a launch failure's log (after its log prefix), or empty. */
    private static String sandboxRefusal(PlaywrightException e) {
        if (e.getMessage() == null) {
            return "";
        }
        for (String line : e.getMessage().split("\n")) {
            if (line.contains("Running as root without --no-sandbox") || line.contains("No usable sandbox")) {
                int prefixEnd = line.lastIndexOf("] ");
                return (prefixEnd < 0 ? line : line.substring(prefixEnd + 2))
                        .strip()
                        .replace('"', '\'');
            }
        }
        return "";
    }

    /** Whether this process runs with effective uid 0 (Linux; false where /proc says nothing). */
    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: Chromium's own message is all there is
        }
        return false;
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
        return Executors.newSingleThreadExecutor(runnable ->
                Thread.ofPlatform().daemon().name("browser-" + platform).unstarted(runnable));
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

    /**
     * WebRTC sends STUN over UDP straight from the browser, around the egress proxy, to any address a page names;
     * no product page needs it, so its entry points are removed from every frame before the page's scripts run.
     */
    private static final String NO_WEBRTC = """
            for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCIceCandidate',
                'RTCSessionDescription', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver']) {
              try { delete globalThis[name]; } catch (e) { }
            }""";

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
                context.addInitScript(NO_WEBRTC);
                context.onRequest(request -> requestedDestinations.add(destination(request.url())));
                context.onPage(
                        opened -> opened.onWebSocket(socket -> requestedDestinations.add(destination(socket.url()))));
                productsInContext = 0;
            }
            if (page == null) {
                page = context.newPage();
                page.onCrash(crashed -> pageCrashed = true);
                navigations.follow(page);
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
            if (pageCrashed
                    || productsOnPage >= settings.productsPerPage()
                    || productsInContext >= settings.productsPerContext()) {
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
                    .setTimezoneId("Asia/Seoul")
                    // a service worker's fetches pass the proxy but not the routing (so not the mirror)
                    .setServiceWorkers(ServiceWorkerPolicy.BLOCK);
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
