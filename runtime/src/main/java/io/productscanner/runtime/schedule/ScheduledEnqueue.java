package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.productscanner.runtime.json.Json;
import io.productscanner.runtime.logging.LogEvent;
import io.productscanner.runtime.queue.IdempotencyKey;
import io.productscanner.runtime.workflow.SubmissionRejected;
import io.productscanner.runtime.workflow.WorkflowSubmitter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Queues one run of a schedule through the {@link WorkflowSubmitter} under an idempotency key of the scheduler's
 * own namespace, and records it on the schedule. Two schedulers that race on the same key get the same job back,
 * so a slot runs once.
 */
public final class ScheduledEnqueue {
    private static final System.Logger LOG = System.getLogger(ScheduledEnqueue.class.getName());

    private final WorkflowSubmitter submitter;
    private final ScheduleStore store;

    public ScheduledEnqueue(WorkflowSubmitter submitter, ScheduleStore store) {
        this.submitter = submitter;
        this.store = store;
    }

    /** What became of a run: queued now, the job another scheduler already queued, or refused by the checks. */
    public record Run(String outcome, Optional<String> jobId, String detail) {
        public static final String ENQUEUED = "enqueued";
        public static final String DUPLICATE = "duplicate";
        public static final String REJECTED = "rejected";
        /** The workflow's platform queue was full: this run was skipped. */
        public static final String QUEUE_FULL = "queue_full";
    }

    /**
     * The per-slot key: {@code schedule:{id}:{slot-epoch-minute}}, in the scheduler's own namespace, out of reach
     * of the keys API callers send.
     */
    public static String slotKey(String scheduleId, Instant slot) {
        return "schedule:" + scheduleId + ":" + slot.getEpochSecond() / 60;
    }

    /**
     * @param extraParams merged over the schedule's params (a rotation's param set)
     * @param extraFields more bookkeeping to write with the run (next run, rotation)
     */
    public Run enqueue(
            Schedule schedule,
            ObjectNode extraParams,
            String idempotencyKey,
            Instant now,
            Map<String, String> extraFields) {
        // a scheduled job's trace starts here (or in the API request of a run made by hand)
        Span span = GlobalOpenTelemetry.getTracer("io.productscanner.schedule")
                .spanBuilder("schedule " + schedule.definition().id())
                .setAttribute("scanner.schedule_id", schedule.definition().id())
                .setAttribute("scanner.workflow_id", schedule.definition().workflowId())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Run run = enqueueUnder(schedule, extraParams, idempotencyKey, now, extraFields);
            span.setAttribute("scanner.schedule.outcome", run.outcome());
            run.jobId().ifPresent(jobId -> span.setAttribute("scanner.job_id", jobId));
            return run;
        } finally {
            span.end();
        }
    }

    private Run enqueueUnder(
            Schedule schedule,
            ObjectNode extraParams,
            String idempotencyKey,
            Instant now,
            Map<String, String> extraFields) {
        Schedule.ScheduleDefinition definition = schedule.definition();
        ObjectNode params = definition.params().deepCopy();
        params.setAll(extraParams);
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.put("schedule_id", definition.id());
        metadata.put("idempotency_key", idempotencyKey);
        Map<String, String> fields = new LinkedHashMap<>(extraFields);
        Run run;
        try {
            WorkflowSubmitter.Accepted accepted = submitter.submit(
                    definition.workflowId(),
                    definition.priority(),
                    params,
                    metadata,
                    IdempotencyKey.fromScheduler(idempotencyKey));
            run = new Run(
                    accepted.duplicate() ? Run.DUPLICATE : Run.ENQUEUED,
                    Optional.of(accepted.jobId()),
                    accepted.status().wireName());
            fields.put(ScheduleStore.LAST_JOB_ID, accepted.jobId());
            fields.put(ScheduleStore.LAST_OUTCOME, accepted.status().wireName());
        } catch (SubmissionRejected e) {
            // the workflow changed under the schedule, or its queue is full; the schedule stays, showing why it did
            // not run
            String outcome = e.reason() == SubmissionRejected.Reason.QUEUE_FULL ? Run.QUEUE_FULL : Run.REJECTED;
            run = new Run(outcome, Optional.empty(), e.getMessage());
            fields.put(ScheduleStore.LAST_OUTCOME, outcome + ": " + e.getMessage());
        }
        fields.put(ScheduleStore.LAST_RUN, Long.toString(now.toEpochMilli()));
        store.update(definition.id(), fields);
        LogEvent.info(
                LOG,
                "schedule.run",
                "schedule_id",
                definition.id(),
                "workflow_id",
                definition.workflowId(),
                "outcome",
                run.outcome(),
                "job_id",
                run.jobId().orElse(null),
                "key",
                idempotencyKey,
                "detail",
                run.jobId().isEmpty() ? run.detail() : null);
        return run;
    }
}
