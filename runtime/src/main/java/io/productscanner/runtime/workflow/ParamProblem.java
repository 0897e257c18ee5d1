package io.productscanner.runtime.workflow;

/**
 * Why a job's params cannot run a workflow.
 *
 * @param field   the param's path, e.g. {@code params.products[2].url}
 * @param message what is wrong, for a person
 */
public record ParamProblem(String field, String message) {}
