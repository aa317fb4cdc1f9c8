import type { Step } from "../spec/types";
import { nestedBlock, type BlockOutput } from "./context";
import { CompileError } from "./errors";
import { stateName } from "./names";
import { compileBatchStep } from "./steps/batch";
import { compileChooserStep } from "./steps/chooser";
import { compileNativeStep } from "./steps/native";
import { compileParallelStep } from "./steps/parallel";
import { compileScatterStep } from "./steps/scatter";
import { compileSubpipeStep } from "./steps/subpipe";
import type { AslDefinition } from "./types";

/** Adds the states of every step of a block, in order; each step's first state carries the step's name. */
export function compileBlock(steps: Step[], out: BlockOutput): void {
  for (const step of steps) compileStep(step, out);
}

/** A nested block (a branch) as a stand-alone `{StartAt, States}`. */
export function compileNestedBlock(steps: Step[], parent: BlockOutput): AslDefinition {
  const out = nestedBlock(parent);
  compileBlock(steps, out);
  return { StartAt: firstStateName(steps), States: out.states };
}

export function firstStateName(steps: Step[]): string {
  const first = steps[0];
  if (!first) throw new CompileError("a block has no steps");
  return stateName(first.name);
}

function compileStep(step: Step, out: BlockOutput): void {
  switch (step.kind) {
    case "batch":
      return compileBatchStep(step, out);
    case "scatter":
      return compileScatterStep(step, out);
    case "subpipe":
      return compileSubpipeStep(step, out);
    case "native":
      return compileNativeStep(step, out);
    case "chooser":
      return compileChooserStep(step, out);
    case "parallel":
      return compileParallelStep(step, out);
    default:
      throw new CompileError(`step '${(step as Step).name}' has an unknown kind '${(step as { kind: unknown }).kind}'`);
  }
}
