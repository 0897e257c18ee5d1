package io.productscanner.plugin.testkit;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a browser plugin's folder shows besides: it reads pages in Chromium, so neither OkHttp nor Node ships. */
public abstract class BrowserPluginFolderContract extends PluginFolderContract {
    protected BrowserPluginFolderContract(PackagedPlugin expected) {
        super(expected);
    }

    @Test
    public void theFolderLeavesOutTheHttpSupportAndOkHttp() throws IOException {
        String why = "a browser plugin reads pages in Chromium: support-core, not support-http and OkHttp";
        for (String prefix : List.of("support-http-", "okhttp-", "okio-", "kotlin-stdlib-")) {
            folder().leavesOut(prefix, why);
        }
    }

    @Test
    public void theFolderLeavesOutNodeForEveryOs() throws IOException {
        folder().leavesOut("driver-bundle-", "Node.js for every OS stays out; the system's node runs the driver");
    }
}
