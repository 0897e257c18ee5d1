package io.productscanner.runtime.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.productscanner.runtime.json.Json;
import java.util.Map;

/** A job as stored in its hash {@code workflow:job:{id}}. */
public record JobRecord(
        String jobId,
        String workflowId,
        String platform,
        JobStatus status,
        int priority,
        double progress,
        String currentNode,
        int attempts,
        JsonNode params,
        JsonNode metadata,
        String createdAt,
        String startedAt,
        String completedAt,
        String error,
        JsonNode summary,
        String worker,
        String resultsFile,
        JsonNode nodes) {

    /** A job whose hash holds no node states yet. */
    public JobRecord(
            String jobId,
            String workflowId,
            String platform,
            JobStatus status,
            int priority,
            double progress,
            String currentNode,
            int attempts,
            JsonNode params,
            JsonNode metadata,
            String createdAt,
            String startedAt,
            String completedAt,
            String error,
            JsonNode summary,
            String worker,
            String resultsFile) {
        this(
                jobId,
                workflowId,
                platform,
                status,
                priority,
                progress,
                currentNode,
                attempts,
                params,
                metadata,
                createdAt,
                startedAt,
                completedAt,
                error,
                summary,
                worker,
                resultsFile,
                null);
    }

    /** Field names in the job hash. */
    public static final String JOB_ID = "job_id";

    public static final String WORKFLOW_ID = "workflow_id";
    public static final String PLATFORM = "platform";
    public static final String STATUS = "status";
    public static final String PRIORITY = "priority";
    public static final String PROGRESS = "progress";
    public static final String CURRENT_NODE = "current_node";
    public static final String ATTEMPTS = "attempts";
    public static final String PARAMS = "params";
    public static final String METADATA = "metadata";
    public static final String CREATED_AT = "created_at";
    public static final String STARTED_AT = "started_at";
    public static final String COMPLETED_AT = "completed_at";
    public static final String ERROR = "error";
    public static final String SUMMARY = "summary";
    public static final String WORKER = "worker";
    /** Path of the job's results file, once written. */
    public static final String RESULTS_FILE = "results_file";
    /** JSON of every node's state: {@code {node_id: {status, started_at, completed_at, progress}}}. */
    public static final String NODES = "nodes";

    public static JobRecord fromHash(Map<String, String> hash) {
        return new JobRecord(
                hash.get(JOB_ID),
                hash.get(WORKFLOW_ID),
                hash.get(PLATFORM),
                JobStatus.fromWireName(hash.getOrDefault(STATUS, "pending")),
                Integer.parseInt(hash.getOrDefault(PRIORITY, "0")),
                Double.parseDouble(hash.getOrDefault(PROGRESS, "0")),
                blankToNull(hash.get(CURRENT_NODE)),
                Integer.parseInt(hash.getOrDefault(ATTEMPTS, "0")),
                jsonOrNull(hash.get(PARAMS)),
                jsonOrNull(hash.get(METADATA)),
                blankToNull(hash.get(CREATED_AT)),
                blankToNull(hash.get(STARTED_AT)),
                blankToNull(hash.get(COMPLETED_AT)),
                blankToNull(hash.get(ERROR)),
                jsonOrNull(hash.get(SUMMARY)),
                blankToNull(hash.get(WORKER)),
                blankToNull(hash.get(RESULTS_FILE)),
                jsonOrNull(hash.get(NODES)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static JsonNode jsonOrNull(String value) {
        return value == null || value.isEmpty() ? null : Json.read(value);
    }
}
