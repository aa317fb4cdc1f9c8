import type { Options, Workflow } from "../spec/types";
import type { CfnTextPart } from "./cfn";
import { CompileError } from "./errors";
import type { InstallationSettings } from "./settings";
import type { AslState, AslStates, CfnResource } from "./types";

/** A workflow name given outright, or CloudFormation's stack name (`STACK_NAME`), resolved at deploy time. */
export type WorkflowName = CfnTextPart;
export const STACK_NAME: WorkflowName = { sub: "${AWS::StackName}" };

/** What one compile shares across all blocks. */
export interface CompileContext {
  /** The workflow's name, or the stack's name when the macro compiles (it cannot know it). */
  workflowName: WorkflowName;
  repository: string;
  options: Options;
  settings: InstallationSettings;
  /** Job definitions by logical ID, in step order. */
  jobDefinitions: Record<string, CfnResource>;
  /** Every state name emitted so far: Step Functions wants them unique across the whole machine, branches included. */
  stateNames: Set<string>;
}

/** Where a block's states go, and what the steps in it need to know about where they run. */
export interface BlockOutput {
  ctx: CompileContext;
  /** Inside a scatter branch: Batch job names get the branch index. */
  inScatter: boolean;
  states: AslStates;
}

export function createContext(workflow: Workflow, workflowName: WorkflowName, settings: InstallationSettings): CompileContext {
  return {
    workflowName,
    repository: workflow.repository,
    options: workflow.options,
    settings,
    jobDefinitions: {},
    stateNames: new Set(),
  };
}

/** A fresh States object for a nested block (a branch, an item processor) in the same compile. */
export function nestedBlock(parent: BlockOutput, inScatter = parent.inScatter): BlockOutput {
  return { ctx: parent.ctx, inScatter, states: {} };
}

export function addState(out: BlockOutput, name: string, state: AslState): void {
  if (out.ctx.stateNames.has(name)) throw new CompileError(`two states are named '${name}'`);
  out.ctx.stateNames.add(name);
  out.states[name] = state;
}

export function addJobDefinition(ctx: CompileContext, logicalId: string, resource: CfnResource): void {
  if (logicalId in ctx.jobDefinitions) throw new CompileError(`two job definitions have the logical ID '${logicalId}'`);
  ctx.jobDefinitions[logicalId] = resource;
}
