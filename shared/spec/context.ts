import type { SpecError } from "./errors";
import type { ReadContext } from "./shapes";
import type { MapNode, TreeNode } from "./tree";
import type { Options, SourcePos, Step } from "./types";

/** What reading one block of steps needs to know about where it is. */
export interface BlockScope {
  errors: SpecError[];
  options: Options;
  /** Every step of the workflow, for the whole-workflow checks. */
  registry: RegisteredStep[];
  /** Words for the block, used in messages: "the top level", "scatter step 'Split'". */
  label: string;
  /** The enclosing scatter step, if any (scatters do not nest). */
  insideScatter?: string;
  /** Jumps to steps that are not in the jumping step's block; checks.ts explains each one. */
  unresolved: UnresolvedJump[];
  /** Reads a nested block (steps of a scatter or branch). */
  readBlock(node: TreeNode, scope: BlockScope, field: string): Step[];
}

export interface RegisteredStep {
  name: string;
  at: SourcePos;
  block: string;
}

/** Flow fields as written: block.ts resolves them once all steps of the block are known. */
export interface WrittenFlow {
  next?: { target: string; pos: SourcePos };
  end: boolean;
}

/** A step as read, before its successor is known. */
export interface BuiltStep {
  step: Step;
  flow: WrittenFlow;
  /** Targets besides `next` that must be steps of the same block (chooser choices). */
  jumps: Array<{ target: string; pos: SourcePos; field: string }>;
}

export interface StepInput {
  name: string;
  body: MapNode;
  at: SourcePos;
  cx: ReadContext;
  scope: BlockScope;
}

export interface UnresolvedJump {
  target: string;
  pos: SourcePos;
  field: string;
  step: string;
  block: string;
}
