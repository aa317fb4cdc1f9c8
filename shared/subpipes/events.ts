import type { Repository } from "../repository";
import type { CopySpec } from "../spec/types";
import { EventFields, StepLambdaError } from "../stepLambdas";

/** The subpipe step's first state (shared/compiler/steps/subpipe.ts, state `S`): prepare the child's repository. */
export interface SubmitRequest {
  mode: "submit";
  /** The parent's repository. */
  repo: Repository;
  stepName: string;
  /** The child's job file, a file of the parent's repository or an s3:// URI; absent: the parent's job. */
  jobData?: string;
  /** Files copied from the parent's repository into the child's. */
  submit: CopySpec[];
}

/** The subpipe step's last state (`S.retrieve`): copy the child's results back. */
export interface RetrieveRequest {
  mode: "retrieve";
  repo: Repository;
  /** From the event's log preamble: the retrieve event carries no step_name of its own. */
  stepName: string;
  subRepo: Repository;
  /** Files copied from the child's repository into the parent's. */
  retrieve: CopySpec[];
}

export type SubpipeRequest = SubmitRequest | RetrieveRequest;

export function parseSubpipeEvent(event: unknown): SubpipeRequest {
  const fields = new EventFields("subpipes", event);
  const mode = fields.has("mode") ? fields.string("mode") : undefined;
  if (mode === "submit") {
    const jobData = fields.optionalString("job_data");
    return {
      mode,
      repo: fields.repositoryUri("repo"),
      stepName: fields.string("step_name"),
      ...(jobData !== undefined && { jobData }),
      submit: fields.copySpecsJson("submit"),
    };
  }
  if (mode === "retrieve") {
    return {
      mode,
      repo: fields.repositoryUri("repo"),
      stepName: fields.stepName(),
      subRepo: fields.nested("subpipe").repositoryUri("sub_repo"),
      retrieve: fields.copySpecsJson("retrieve"),
    };
  }
  throw new StepLambdaError("BadEvent", `subpipes event: field 'mode' must be "submit" or "retrieve", got ${mode === undefined ? "nothing" : JSON.stringify(mode)}`);
}
