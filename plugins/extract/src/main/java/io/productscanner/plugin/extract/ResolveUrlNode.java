package io.productscanner.plugin.extract;

import io.productscanner.spi.NodeRun;
import io.productscanner.spi.PlatformPlugin;
import io.productscanner.spi.ScanException;
import io.productscanner.spi.WorkflowNodeType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code resolve_url} (url_extraction): finds the platform of {@code params.url} through the loaded plugins' URL
 * matchers (desktop, mobile and app-share forms) and hands {@code scan_product} that one product, at its
 * canonical URL. A URL no platform accepts is refused at submit, and fails the job at run, naming the
 * supported platforms.
 */
final class ResolveUrlNode implements WorkflowNodeType {
    private static final System.Logger LOG = System.getLogger(ResolveUrlNode.class.getName());

    @Override
    public String name() {
        return "resolve_url";
    }

    @Override
    public List<ParamProblem> paramProblems(
            Map<String, Object> config, Map<String, Object> params, List<PlatformPlugin> platforms) {
        try {
            resolve(params.get("url"), platforms);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new ParamProblem("params.url", e.getMessage()));
        }
    }

    @Override
    public void run(NodeRun run) {
        Resolved resolved = resolve(run.params().get("url"), run.platforms());
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("url", resolved.canonical().toString());
        product.put("product_set_id", null);
        product.put("expected", Map.of());
        run.put("products", List.of(product));
        LOG.log(
                System.Logger.Level.INFO,
                "event=extract.url_resolved job_id=" + run.jobId() + " platform=" + run.queue() + " url_platform="
                        + resolved.platform().id() + " product_id=" + resolved.productId());
        run.progress(1);
    }

    private record Resolved(PlatformPlugin platform, String productId, URI canonical) {}

    /** @throws IllegalArgumentException saying what is wrong with the URL, naming the supported platforms */
    private static Resolved resolve(Object value, List<PlatformPlugin> platforms) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("is required: a product URL of a supported platform (supported: "
                    + Platforms.supported(platforms) + ")");
        }
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL: " + e.getReason());
        }
        if (url.getScheme() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http(s) URL");
        }
        PlatformPlugin platform = Platforms.forUrl(platforms, url)
                .orElseThrow(
                        () -> new IllegalArgumentException("is not a product URL of a supported platform (supported: "
                                + Platforms.supported(platforms) + ")"));
        try {
            String productId = platform.productId(url);
            return new Resolved(platform, productId, platform.canonicalUrl(productId));
        } catch (ScanException e) {
            throw new IllegalArgumentException(
                    "is a " + platform.id() + " URL without a product id: " + e.getMessage());
        }
    }
}
