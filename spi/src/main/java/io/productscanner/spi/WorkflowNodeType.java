package io.productscanner.spi;

import java.util.List;
import java.util.Map;

/**
 * A workflow node type a plugin adds ({@link PlatformPlugin#nodeTypes()}). Config, params and job data reach it
 * as plain JSON values: {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Number},
 * {@code Boolean} or {@code null}, so the SPI needs no JSON library.
 */
public interface WorkflowNodeType {
    /** The name workflow files use in {@code type}. */
    String name();

    /** The job data names this node puts that are its own (not one of the runtime's, such as {@code products}). */
    default List<String> producedData() {
        return List.of();
    }

    /** Problems in a node's config that make the workflow file unusable (checked when workflows load). */
    default List<String> configProblems(Map<String, Object> config) {
        return List.of();
    }

    /**
     * Problems in a job's params (checked at submit, so nothing bad is queued).
     *
     * @param platforms the platform plugins the process knows, as {@link PluginContext#platforms()}
     */
    default List<ParamProblem> paramProblems(
            Map<String, Object> config, Map<String, Object> params, List<PlatformPlugin> platforms) {
        return List.of();
    }

    /**
     * Runs the node; a thrown exception fails it with the exception's message. An
     * {@link IllegalArgumentException} says the job's input is wrong (a URL no platform accepts, say), so the job
     * is not retried; any other exception may pass on another run.
     */
    void run(NodeRun run) throws Exception;

    /**
     * Why a job's params cannot run a node.
     *
     * @param field the param's path, e.g. {@code params.url}
     */
    record ParamProblem(String field, String message) {}
}
