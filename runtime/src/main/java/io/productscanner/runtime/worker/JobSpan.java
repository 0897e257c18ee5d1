package io.productscanner.runtime.worker;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.productscanner.runtime.queue.ClaimedJob;
import io.productscanner.runtime.queue.JobOutcome;
import io.productscanner.runtime.tracing.TraceContextFields;
import java.util.Map;

/**
 * The span of one run of a job on a worker: a consumer span continuing the trace its submitter stored with the job,
 * so every attempt (a retry, a take-over after a worker died) is a new job span in the submitter's trace.
 */
final class JobSpan {
    private JobSpan() {}

    static Span start(ClaimedJob job, String workerName) {
        Context parent = job.traceparent() == null
                ? Context.root()
                : TraceContextFields.read(Map.of(TraceContextFields.TRACEPARENT, job.traceparent()));
        return GlobalOpenTelemetry.getTracer("io.productscanner.worker")
                .spanBuilder("process " + job.platform())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "product-scanner")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", job.platform())
                .setAttribute("messaging.message.id", job.jobId())
                .setAttribute("scanner.job_id", job.jobId())
                .setAttribute("scanner.platform", job.platform())
                .setAttribute("scanner.workflow_id", job.job().workflowId())
                .setAttribute("scanner.job.attempt", job.job().attempts())
                .setAttribute("scanner.job.recovered", job.recovered())
                .setAttribute("scanner.worker", workerName)
                .startSpan();
    }

    /** How the run ended: its status and, for a failure, the error (the span's status is then an error). */
    static void ended(Span span, JobOutcome outcome, String recordedAs) {
        span.setAttribute("scanner.job.status", recordedAs);
        if (outcome.error() != null) {
            span.setStatus(StatusCode.ERROR, outcome.error());
        }
    }
}
