import type { BatchStep } from "../spec/types";
import { cfnText } from "./cfn";
import type { CompileContext } from "./context";
import type { CfnValue } from "./types";
import { runExecutionName } from "./runExecution";

/** Tags on every job definition (propagated to its jobs and their ECS tasks, for cost reports). */
export const WORKFLOW_TAG = "stepbatch:workflow";
export const STEP_TAG = "stepbatch:step";
export const VERSION_TAG = "stepbatch:version";
/** Tag set when the job is submitted: the execution it runs for. */
export const EXECUTION_TAG = "stepbatch:execution";
/** Tag on the state machine: the installation it belongs to (the launcher may only start its own). */
export const INSTALLATION_TAG = "stepbatch:installation";

/** Options.job_tags under the step's, then stepbatch's own (the validator keeps the total within Batch's cap). */
export function jobDefinitionTags(step: BatchStep, ctx: CompileContext): Record<string, CfnValue> {
  return {
    ...ctx.options.jobTags,
    ...step.jobTags,
    [WORKFLOW_TAG]: cfnText(ctx.workflowName),
    [STEP_TAG]: step.name,
    [VERSION_TAG]: ctx.settings.version,
  };
}

/** Batch Tags of SubmitJob: the run's execution name is always a valid tag value (≤ 80 of [A-Za-z0-9_-]). */
export function submitTags(inScatter: boolean): Record<string, string> {
  return { [`${EXECUTION_TAG}.$`]: runExecutionName(inScatter) };
}
