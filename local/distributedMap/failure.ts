import { ExecutionError, ExecutionTimeoutError } from "aws-local-stepfunctions";
import { StatesError } from "../asl/errors";
import type { Json } from "../asl/types";

export interface ChildFailure {
  error: string;
  cause: string;
}

/** A failed child's Error and Cause, from what its execution rejected with. */
export function childFailure(reason: unknown): ChildFailure {
  if (reason instanceof StatesError) return { error: reason.error, cause: reason.cause };
  if (reason instanceof ExecutionTimeoutError) return { error: "States.Timeout", cause: "the child execution timed out" };
  const failure = reason instanceof ExecutionError && reason.cause instanceof Error ? reason.cause : reason;
  if (failure instanceof Error) return { error: failure.name, cause: failure.message };
  return { error: "States.Runtime", cause: String(failure) };
}

export interface FailedChild extends ChildFailure {
  input: Json;
  startDate: Date;
  stopDate: Date;
}

/**
 * A tolerated failed child's entry in the map's output. The service reports a failed child
 * unchanged, as with ResultWriter's Transformation NONE: the execution's record, with its Error
 * and Cause. The fields the local engine has are kept; the child's ARN and name are not known here.
 */
export function failedChildEntry(child: FailedChild): Json {
  return {
    Error: child.error,
    Cause: child.cause,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Status: "FAILED",
    StartDate: child.startDate.toISOString(),
    StopDate: child.stopDate.toISOString(),
  };
}
