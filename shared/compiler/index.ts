import type { Workflow } from "../spec/types";
import { compileBlock, firstStateName } from "./block";
import { createContext, type BlockOutput, type WorkflowName } from "./context";
import { addInitializeState, INITIALIZE_STATE } from "./initialize";
import type { InstallationSettings } from "./settings";
import { buildTemplate } from "./template";
import type { CompiledWorkflow } from "./types";

export { STACK_NAME, type WorkflowName } from "./context";
export { CompileError } from "./errors";
export { hasRegistryHost } from "./images";
export { INITIALIZE_STATE } from "./initialize";
export { boundedToken, jobDefinitionLogicalId, logicalId, MAX_STATE_NAME_LENGTH, stateName } from "./names";
export { AWS_ACCOUNT_ID, AWS_REGION, LAMBDA_PLACEHOLDERS, placeholder, QUEUE_PLACEHOLDERS, WORKFLOW_NAME } from "./placeholders";
export * from "./runner";
export { DEFAULT_INSTALLATION, settingsFromEnv, STEPBATCH_VERSION } from "./settings";
export type { InstallationSettings, LambdaArns, QueueArns } from "./settings";
export { EXECUTION_TAG, INSTALLATION_TAG, STEP_TAG, VERSION_TAG, WORKFLOW_TAG } from "./tags";
export { CURRENT_ALIAS, STATE_MACHINE_ID } from "./template";
export type * from "./types";

export interface CompileOptions {
  /** The workflow's name: its stack, state machine and launcher folder; `STACK_NAME` to take the stack's at deploy time. */
  name: WorkflowName;
  settings: InstallationSettings;
}

/**
 * Compiles a validated, normalised workflow into its state machine definition and CloudFormation
 * template. Pure and deterministic: the same input gives byte-identical output. The definition
 * object is shared with the template's `Definition`; treat both as read-only.
 */
export function compileWorkflow(workflow: Workflow, opts: CompileOptions): CompiledWorkflow {
  const ctx = createContext(workflow, opts.name, opts.settings);
  const out: BlockOutput = { ctx, inScatter: false, states: {} };
  addInitializeState(out, firstStateName(workflow.steps));
  compileBlock(workflow.steps, out);
  const stateMachine = { StartAt: INITIALIZE_STATE, States: out.states };
  return { stateMachine, template: buildTemplate(stateMachine, workflow.parameters, ctx) };
}
