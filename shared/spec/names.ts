/**
 * The key two step names share when their resources would collide: CloudFormation logical IDs and
 * Batch job definition names keep only letters and digits, and people read them case-blind.
 */
export function resourceKey(stepName: string): string {
  return stepName.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
}

/** State names the compiler adds at the top level; a step may not take them. */
export const RESERVED_STEP_NAMES = ["Initialize"];

const STATE_MACHINE_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:([^:]+)(?::[^:]+)?$/;

/** The state machine an ARN names, with or without a version or alias qualifier; undefined for anything else. */
export function stateMachineName(arn: string): string | undefined {
  return STATE_MACHINE_ARN.exec(arn)?.[1];
}

/** The workflow a subpipe starts: the name as written, or the state machine its ARN names. */
export function subpipeWorkflowName(subpipe: string): string {
  return stateMachineName(subpipe) ?? subpipe;
}
