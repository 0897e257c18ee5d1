package io.productscanner.support.browser;

import io.productscanner.spi.PluginContext;
import io.productscanner.support.core.PluginConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a plugin's browser runs: where Chromium and Node.js are, how long each call may take, how often pages and
 * contexts are replaced, which resources are blocked, and how the page presents itself (user agent, viewport,
 * mobile emulation).
 *
 * @param chromiumPath       the Chromium executable ({@code CHROMIUM_PATH}, else {@code /usr/bin/chromium})
 * @param nodePath           Node.js that runs the Playwright driver ({@code PLAYWRIGHT_NODEJS_PATH}, else
 *                           {@code /usr/bin/node}); the driver's own Node.js bundle is not shipped
 * @param callTimeout        budget for one page task (launch, navigation, reading) before the browser counts as hung
 * @param navigationTimeout  budget for one navigation or wait inside a task
 * @param productsPerPage    products read on one page before it is closed and a new one opened
 * @param productsPerContext products read in one context (cookies, cache) before it is replaced
 * @param blockedResources   Playwright resource types aborted before they load (image, font, media...)
 * @param userAgent          the page's user agent
 * @param viewportWidth      CSS pixels
 * @param viewportHeight     CSS pixels
 * @param mobile             mobile emulation (touch, meta viewport, device scale factor 3)
 * @param locale             e.g. {@code ko-KR}
 * @param sandbox            whether Chromium runs sandboxed ({@code BROWSER_SANDBOX}, process-wide, else auto)
 * @param maxBodyBytes       the longest answer body or page HTML read from the browser into the scanner
 */
public record BrowserSettings(
        Path chromiumPath,
        Path nodePath,
        Duration callTimeout,
        Duration navigationTimeout,
        int productsPerPage,
        int productsPerContext,
        Set<String> blockedResources,
        String userAgent,
        int viewportWidth,
        int viewportHeight,
        boolean mobile,
        String locale,
        BrowserSandbox sandbox,
        long maxBodyBytes) {
    public static final String CHROMIUM_PATH = "CHROMIUM_PATH";
    public static final String NODEJS_PATH = "PLAYWRIGHT_NODEJS_PATH";
    /** Configuration keys, read from the plugin's own configuration (so {@code OLIVEYOUNG_BROWSER_...} overrides). */
    public static final String CALL_TIMEOUT_MS = "BROWSER_CALL_TIMEOUT_MS";

    public static final String NAVIGATION_TIMEOUT_MS = "BROWSER_NAVIGATION_TIMEOUT_MS";
    public static final String PRODUCTS_PER_PAGE = "BROWSER_PRODUCTS_PER_PAGE";
    public static final String PRODUCTS_PER_CONTEXT = "BROWSER_PRODUCTS_PER_CONTEXT";
    public static final String BLOCK_RESOURCES = "BROWSER_BLOCK_RESOURCES";
    public static final String USER_AGENT = "BROWSER_USER_AGENT";
    public static final String VIEWPORT = "BROWSER_VIEWPORT";
    public static final String MOBILE = "BROWSER_MOBILE";
    public static final String LOCALE = "BROWSER_LOCALE";
    public static final String MAX_BODY_BYTES = "BROWSER_MAX_BODY_BYTES";
    /** 10 MiB, as for the API plugins' answers. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public BrowserSettings {
        Objects.requireNonNull(chromiumPath, "chromiumPath");
        Objects.requireNonNull(nodePath, "nodePath");
        positive(callTimeout, "callTimeout");
        positive(navigationTimeout, "navigationTimeout");
        if (productsPerPage < 1 || productsPerContext < 1) {
            throw new IllegalArgumentException("products per page and per context must be at least 1, were "
                    + productsPerPage + " and " + productsPerContext);
        }
        if (viewportWidth < 1 || viewportHeight < 1) {
            throw new IllegalArgumentException(
                    "viewport must be at least 1x1, was " + viewportWidth + "x" + viewportHeight);
        }
        blockedResources = Set.copyOf(blockedResources);
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(sandbox, "sandbox");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
    }

    /**
     * Reads the {@code BROWSER_*} keys of a plugin's configuration (defaults: call 30 s, navigation 20 s, page every
     * 10 products, context every 50, images, fonts and media blocked, bodies up to 10 MiB) and the process-wide
     * executable paths and sandbox mode.
     *
     * @throws IllegalArgumentException naming the setting when a value is malformed
     */
    public static BrowserSettings fromConfig(PluginConfig config, PluginContext context) {
        String viewport = config.find(VIEWPORT).orElse("1280x900");
        String[] size = viewport.toLowerCase(Locale.ROOT).split("x");
        if (size.length != 2
                || !size[0].strip().matches("\\d+")
                || !size[1].strip().matches("\\d+")) {
            throw new IllegalArgumentException(
                    config.settingName(VIEWPORT) + " must look like 430x932, was '" + viewport + "'");
        }
        return new BrowserSettings(
                executable(context, CHROMIUM_PATH, "/usr/bin/chromium"),
                executable(context, NODEJS_PATH, "/usr/bin/node"),
                Duration.ofMillis(config.findLong(CALL_TIMEOUT_MS).orElse(30_000L)),
                Duration.ofMillis(config.findLong(NAVIGATION_TIMEOUT_MS).orElse(20_000L)),
                Math.toIntExact(config.findLong(PRODUCTS_PER_PAGE).orElse(10L)),
                Math.toIntExact(config.findLong(PRODUCTS_PER_CONTEXT).orElse(50L)),
                Arrays.stream(config.find(BLOCK_RESOURCES)
                                .orElse("image,font,media")
                                .split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()),
                config.require(USER_AGENT),
                Integer.parseInt(size[0].strip()),
                Integer.parseInt(size[1].strip()),
                Boolean.parseBoolean(config.find(MOBILE).orElse("false")),
                config.find(LOCALE).orElse("ko-KR"),
                BrowserSandbox.parse(context.setting(BrowserSandbox.SETTING).orElse("")),
                config.findLong(MAX_BODY_BYTES).orElse(DEFAULT_MAX_BODY_BYTES));
    }

    /** A copy with other rotation limits; for tests and benchmarks. */
    public BrowserSettings withRotation(int perPage, int perContext) {
        return new BrowserSettings(
                chromiumPath,
                nodePath,
                callTimeout,
                navigationTimeout,
                perPage,
                perContext,
                blockedResources,
                userAgent,
                viewportWidth,
                viewportHeight,
                mobile,
                locale,
                sandbox,
                maxBodyBytes);
    }

    /** A copy with another call budget. */
    public BrowserSettings withCallTimeout(Duration timeout) {
        return new BrowserSettings(
                chromiumPath,
                nodePath,
                timeout,
                navigationTimeout,
                productsPerPage,
                productsPerContext,
                blockedResources,
                userAgent,
                viewportWidth,
                viewportHeight,
                mobile,
                locale,
                sandbox,
                maxBodyBytes);
    }

    /** A copy with another sandbox mode. */
    public BrowserSettings withSandbox(BrowserSandbox mode) {
        return new BrowserSettings(
                chromiumPath,
                nodePath,
                callTimeout,
                navigationTimeout,
                productsPerPage,
                productsPerContext,
                blockedResources,
                userAgent,
                viewportWidth,
                viewportHeight,
                mobile,
                locale,
                mode,
                maxBodyBytes);
    }

    /** A copy with another body limit. */
    public BrowserSettings withMaxBodyBytes(long bytes) {
        return new BrowserSettings(
                chromiumPath,
                nodePath,
                callTimeout,
                navigationTimeout,
                productsPerPage,
                productsPerContext,
                blockedResources,
                userAgent,
                viewportWidth,
                viewportHeight,
                mobile,
                locale,
                sandbox,
                bytes);
    }

    private static Path executable(PluginContext context, String setting, String fallback) {
        Path path = Path.of(context.setting(setting)
                .filter(s -> !s.isBlank())
                .orElse(fallback)
                .strip());
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is not an executable file: install it (scripts/"
                    + "install-test-prerequisites.sh installs Debian's chromium) or set " + setting);
        }
        return path;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
