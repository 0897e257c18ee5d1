package io.productscanner.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a plugin's {@link WorkflowNodeType}. Job data is read and written by name as plain JSON values;
 * the runtime's data names are {@code products} (a list of {@code {url, product_set_id, expected}}, what
 * {@code scan_product} scans), {@code results} (what {@code compare_product} produced, one object per product)
 * and {@code summary} (the job's result summary).
 */
public interface NodeRun {
    String jobId();

    /** The queue the job runs on, e.g. {@code extract}. */
    String queue();

    /** The node's config with {@code ${param}} placeholders filled in. */
    Map<String, Object> config();

    /** The job's params (the workflow's defaults overlaid with what the caller gave). */
    Map<String, Object> params();

    /** A job data value an earlier node produced, if any. */
    Optional<Object> data(String name);

    /**
     * Puts job data for later nodes.
     *
     * @throws IllegalArgumentException when the name is neither the runtime's nor one this node type declares
     */
    void put(String name, Object value);

    /** The platform plugins the process knows, as {@link PluginContext#platforms()}. */
    List<PlatformPlugin> platforms();

    /** Reports progress within the node, 0..1. */
    void progress(double fraction);
}
