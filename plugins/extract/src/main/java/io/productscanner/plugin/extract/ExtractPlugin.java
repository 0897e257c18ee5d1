package io.productscanner.plugin.extract;

import io.productscanner.spi.FailureKind;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.PluginContext;
import io.productscanner.spi.PluginKind;
import io.productscanner.spi.ProductScanner;
import io.productscanner.spi.ScanException;
import io.productscanner.spi.WorkflowNodeType;
import java.net.URI;
import java.util.List;

/**
 * The extract worker's plugin: not a platform itself, it serves the {@code extract} queue and scans any
 * platform's products through the platform plugins of its process, so ad hoc questions never wait behind a
 * platform's long batch. Its node types: {@code resolve_url}, {@code group_by_platform}, {@code platform_summary}.
 */
public final class ExtractPlugin implements PlatformPlugin {
    static final String ID = "extract";
    /** API platforms scan side by side (each within its own cap); browser platforms one at a time anyway. */
    static final int MAX_CONCURRENCY = 4;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PluginKind kind() {
        return PluginKind.MIXED;
    }

    /** Never: URLs belong to the platforms, so the runtime finds their plugin, not this one. */
    @Override
    public boolean matches(URI url) {
        return false;
    }

    @Override
    public String productId(URI url) throws ScanException {
        throw new ScanException(
                FailureKind.INVALID_URL,
                "extract is not a platform: " + url + " belongs to the platform whose plugin matches it");
    }

    @Override
    public URI canonicalUrl(String productId) {
        throw new UnsupportedOperationException("extract is not a platform and has no product URLs");
    }

    @Override
    public int maxConcurrency() {
        return MAX_CONCURRENCY;
    }

    @Override
    public ProductScanner createScanner(PluginContext context) {
        return new PlatformScanners(context.platforms(), context);
    }

    @Override
    public List<WorkflowNodeType> nodeTypes() {
        return List.of(new ResolveUrlNode(), new GroupByPlatformNode(), new PlatformSummaryNode());
    }
}
