import type { RunnerEnvironment } from "./env";

/** Every container the runner starts carries these, naming workflow, execution, step, branch and attempt. */
export function runnerLabels(env: RunnerEnvironment): Record<string, string> {
  return { ...stepLabels(env), "stepbatch.attempt": String(env.attempt) };
}

/**
 * The labels of every attempt of this step: what the start-up clean-up matches, since the
 * containers a killed runner left behind belong to an earlier attempt.
 */
export function stepLabels(env: RunnerEnvironment): Record<string, string> {
  return {
    "stepbatch.workflow": env.workflowName,
    "stepbatch.execution": env.executionId,
    "stepbatch.step": env.stepName,
    "stepbatch.branch": env.branch,
  };
}
