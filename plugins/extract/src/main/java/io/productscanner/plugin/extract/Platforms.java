package io.productscanner.plugin.extract;

import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginKind;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finding the platform of a URL among the platform plugins the runtime loaded. */
final class Platforms {
    private Platforms() {}

    /** The platform whose URL matcher accepts {@code url} (desktop, mobile and share forms alike). */
    static Optional<PlatformPlugin> forUrl(List<PlatformPlugin> platforms, URI url) {
        return platforms.stream()
                .filter(p -> p.kind() != PluginKind.MIXED)
                .filter(p -> p.matches(url))
                .findFirst();
    }

    /** The platform ids, sorted, for messages: "hwahae, musinsa". */
    static String supported(List<PlatformPlugin> platforms) {
        String ids = platforms.stream()
                .filter(p -> p.kind() != PluginKind.MIXED)
                .map(PlatformPlugin::id)
                .sorted()
                .collect(Collectors.joining(", "));
        return ids.isEmpty() ? "none loaded" : ids;
    }

    /** The order a multi-platform job scans in: API platforms first (they are quick), then each browser platform. */
    static Comparator<PlatformPlugin> scanOrder() {
        return Comparator.comparing((PlatformPlugin p) -> p.kind() == PluginKind.BROWSER)
                .thenComparing(PlatformPlugin::id);
    }
}
