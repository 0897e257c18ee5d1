package io.productscanner.runtime.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One recurring workflow: what to run ({@link #definition}) and what the scheduler has done with it so far.
 */
public record Schedule(
        ScheduleDefinition definition,
        boolean paused,
        Optional<Instant> nextRun,
        Optional<Instant> lastRun,
        Optional<String> lastJobId,
        Optional<String> lastOutcome,
        Optional<Instant> lastSuccessAt,
        long rotation) {

    /** What a client sets: every field but the scheduler's bookkeeping. */
    public record ScheduleDefinition(
            String id,
            String workflowId,
            ObjectNode params,
            int priority,
            Optional<CronExpression> cron,
            ZoneId timeZone,
            Optional<IdlePolicy> whenIdle,
            CatchUp catchUp) {
        public ScheduleDefinition {
            if (cron.isPresent() == whenIdle.isPresent()) {
                throw new IllegalArgumentException("a schedule has either cron or when_idle");
            }
        }
    }

    public String id() {
        return definition.id();
    }

    /** A schedule never run, not paused. */
    public static Schedule fresh(ScheduleDefinition definition) {
        return new Schedule(
                definition,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0);
    }
}
