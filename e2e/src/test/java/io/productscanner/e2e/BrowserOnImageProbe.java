package io.productscanner.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;

/**
 * Run by {@link RuntimeImageBrowserTest} in its own JVM, on the runtime image's java: Playwright starts its
 * driver on the system Node.js, launches the system Chromium, renders a page and prints what it read.
 */
public final class BrowserOnImageProbe {
    private BrowserOnImageProbe() {}

    public static void main(String[] args) {
        try (Playwright playwright = Playwright.create()) {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of(args[0]))
                            .setHeadless(true));
            Page page = browser.newPage();
            page.setContent("<html lang=\"ko\"><body><h1 id=\"price\">판매가 14,900원</h1></body></html>");
            System.out.println("chromium=" + browser.version() + " text=" + page.textContent("#price") + " java.home="
                    + System.getProperty("java.home"));
            browser.close();
        }
    }
}
