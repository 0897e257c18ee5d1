package io.productscanner.support.browser;

import io.productscanner.support.core.egress.EgressPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a page in a pool with the sandbox on auto and prints how Chromium runs: {@link BrowserSandboxTest} starts
 * it in a JVM of its own as a non-root user, which a test running as root cannot become in-process.
 */
public final class SandboxProbe {
    private SandboxProbe() {}

    public static void main(String[] args) throws Exception {
        try (BrowserPool pool = new BrowserPool(
                "probe",
                TestBrowsers.settings(Set.of()),
                Optional.empty(),
                EgressPolicy.forSiteMirror(Optional.empty()),
                () -> {})) {
            String title = pool.withPage(page -> {
                page.setContent("<title>probed</title>");
                return page.title();
            });
            System.out.println("probe.page=" + title);
            System.out.println(
                    "probe.no_sandbox_switch=" + chromiumArguments(pool).contains("--no-sandbox"));
        }
    }

    static List<String> chromiumArguments(BrowserPool pool) {
        return ProcessHandle.of(pool.chromiumPid().orElseThrow())
                .flatMap(process -> process.info().arguments())
                .map(List::of)
                .orElseThrow(() -> new IllegalStateException("Chromium's arguments are not visible"));
    }
}
