import type { Transition } from "./flow";
import { LAMBDA_PLACEHOLDERS, placeholder, WORKFLOW_NAME } from "./placeholders";
import { LAMBDA_RETRY_ATTEMPTS, lambdaRetry } from "./retry";
import type { LambdaArns } from "./settings";
import { runExecutionName } from "./runExecution";
import type { AslState } from "./types";

export interface LambdaTaskSpec {
  lambda: keyof LambdaArns;
  /** The workflow step this call belongs to, for the Lambda's log preamble. */
  stepName: string;
  /** Whether the call is made in a scatter branch (whose log lines name the run: runExecutionName). */
  inScatter: boolean;
  parameters: Record<string, unknown>;
  /** Replaces the Lambda's result before it is stored. */
  resultSelector?: Record<string, unknown>;
  /** Where the Lambda's result goes in the job object; null discards it. */
  resultPath: string | null;
  flow: Transition;
  retryAttempts?: number;
  catch?: Array<{ ErrorEquals: string[]; Next: string }>;
}

/** A Task calling one of the installation's Lambdas directly (its return value is the result, no Payload wrapper). */
export function lambdaTask(spec: LambdaTaskSpec): AslState {
  return {
    Type: "Task",
    Resource: placeholder(LAMBDA_PLACEHOLDERS[spec.lambda]),
    Parameters: { ...spec.parameters, logging: loggingBlock(spec.stepName, spec.inScatter) },
    ...(spec.resultSelector && { ResultSelector: spec.resultSelector }),
    ResultPath: spec.resultPath,
    Retry: lambdaRetry(spec.retryAttempts ?? LAMBDA_RETRY_ATTEMPTS),
    ...(spec.catch && { Catch: spec.catch }),
    ...spec.flow,
  };
}

/** What every Lambda logs first: which run, branch, job file and step it serves. */
function loggingBlock(stepName: string, inScatter: boolean): Record<string, string> {
  return {
    "branch.$": "$.index",
    "job_file_bucket.$": "$.job_file.bucket",
    "job_file_key.$": "$.job_file.key",
    "job_file_version.$": "$.job_file.version",
    "sfn_execution_id.$": runExecutionName(inScatter),
    step_name: stepName,
    workflow_name: placeholder(WORKFLOW_NAME),
  };
}
