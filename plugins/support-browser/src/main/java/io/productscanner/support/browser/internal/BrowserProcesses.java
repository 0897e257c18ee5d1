package io.productscanner.support.browser.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The operating-system side of one launched browser: Chromium is started with a marker switch of its own, so its
 * main process (and through it the Playwright driver that launched it) can be found, checked and killed without
 * touching any other browser on the machine.
 */
public final class BrowserProcesses {
    private final String marker = "--product-scanner-browser=" + UUID.randomUUID();
    private volatile ProcessHandle chromium;
    private volatile ProcessHandle driver;

    /** The switch to add to Chromium's arguments. */
    public String markerSwitch() {
        return marker;
    }

    /** Finds the launched browser's main process and its parent, the driver; call once after launch. */
    public void locate() {
        chromium = ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> Arrays.asList(args).contains(marker))
                        .orElse(false))
                // the main process is the one whose parent does not carry the marker
                .filter(p -> p.parent()
                        .flatMap(parent -> parent.info().arguments())
                        .map(args -> !Arrays.asList(args).contains(marker))
                        .orElse(true))
                .findFirst()
                .orElse(null);
        driver = chromium == null ? null : chromium.parent().orElse(null);
    }

    public Optional<Long> chromiumPid() {
        return Optional.ofNullable(chromium).map(ProcessHandle::pid);
    }

    /** False once the main Chromium process has gone (killed, crashed); true when it was never located. */
    public boolean chromiumAlive() {
        ProcessHandle handle = chromium;
        return handle == null || handle.isAlive();
    }

    /** Kills Chromium and every process it started (renderers, GPU, zygotes). */
    public void killChromium() {
        killTree(chromium);
    }

    /** Kills the Playwright driver, for when even a dead browser does not free the call waiting on it. */
    public void killDriver() {
        killTree(driver);
    }

    private static void killTree(ProcessHandle root) {
        if (root == null) {
            return;
        }
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }
}
