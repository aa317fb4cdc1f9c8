import { posix } from "node:path";
import type { BatchStep, OutputSpec } from "../../spec/types";
import { addJobDefinition, addState, type BlockOutput } from "../context";
import { transition } from "../flow";
import { inputsParameter } from "../inputs";
import { jobDefinition } from "../jobDefinition";
import { jobQueue } from "../jobQueue";
import { boundedToken, jobDefinitionLogicalId, stateName } from "../names";
import { placeholder } from "../placeholders";
import { batchRetry } from "../retry";
import { inputsArgument, outputsArgument } from "../runner";
import { submitTags } from "../tags";
import { runExecutionName } from "../runExecution";

/**
 * Batch job names allow 128 of [A-Za-z0-9_-]: the execution name takes up to 80, the two "__"
 * separators 4, a scatter branch index up to 10 digits; the step's part gets the rest.
 */
const MAX_JOB_NAME_STEP_PART = 128 - 80 - 4 - 10;

/** One Task that submits the step's Batch job and waits for it; its outputs become the next step's auto-inputs. */
export function compileBatchStep(step: BatchStep, out: BlockOutput): void {
  const jobDefinitionId = jobDefinitionLogicalId(step.name);
  addJobDefinition(out.ctx, jobDefinitionId, jobDefinition(step, out.ctx));
  addState(out, stateName(step.name), {
    Type: "Task",
    Resource: "arn:aws:states:::batch:submitJob.sync",
    Parameters: {
      "JobName.$": jobName(step.name, out.inScatter),
      JobDefinition: placeholder(jobDefinitionId),
      JobQueue: jobQueue(step.compute),
      "ShareIdentifier.$": "$.share_id",
      Parameters: {
        "repo.$": "$.repo.uri",
        ...inputsParameter(step.inputs && inputsArgument(step.inputs)),
        references: JSON.stringify(step.references),
        outputs: outputsArgument(step.outputs),
        skip: step.skip,
      },
      ContainerOverrides: {
        Environment: [
          { Name: "BC_BRANCH_IDX", "Value.$": "$.index" },
          { Name: "BC_EXECUTION_ID", "Value.$": runExecutionName(out.inScatter) },
          { Name: "BC_LAUNCH_BUCKET", "Value.$": "$.job_file.bucket" },
          { Name: "BC_LAUNCH_KEY", "Value.$": "$.job_file.key" },
          { Name: "BC_LAUNCH_VERSION", "Value.$": "$.job_file.version" },
        ],
      },
      Tags: submitTags(out.inScatter),
    },
    ResultSelector: uploadedOutputs(step.outputs),
    ResultPath: "$.prev_outputs",
    Retry: batchRetry(step.retry),
    ...transition(step.next),
  });
}

/** `<execution>__<step>`, plus `__<branch index>` inside a scatter, so every job of a run is told apart in the Batch console. */
function jobName(stepName: string, inScatter: boolean): string {
  const step = boundedToken(stepName, MAX_JOB_NAME_STEP_PART);
  return inScatter
    ? `States.Format('{}__${step}__{}', ${runExecutionName(true)}, $.index)`
    : `States.Format('{}__${step}', ${runExecutionName(false)})`;
}

/**
 * Symbolic name → where the runner uploads the file: under its basename, in the repository or in
 * the `dest` folder (the reference wrote the local path here, wrong for a dest output with folders).
 */
function uploadedOutputs(outputs: OutputSpec[]): Record<string, string> {
  return Object.fromEntries(outputs.map((o) => [o.name, (o.dest ?? "") + posix.basename(o.path)]));
}
