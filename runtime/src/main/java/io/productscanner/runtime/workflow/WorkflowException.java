package io.productscanner.runtime.workflow;

/** A workflow file is broken, or a job cannot run it; the message names the file or node and the problem. */
public final class WorkflowException extends RuntimeException {
    public WorkflowException(String message) {
        super(message);
    }
}
