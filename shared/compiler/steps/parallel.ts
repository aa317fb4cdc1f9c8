import type { ParallelBranch, ParallelStep } from "../../spec/types";
import { compileBlock, compileNestedBlock, firstStateName } from "../block";
import { addState, nestedBlock, type BlockOutput } from "../context";
import { transition } from "../flow";
import { lambdaTask } from "../lambda";
import { stateName } from "../names";
import type { AslDefinition } from "../types";

/** The chooser Lambda raises this when a branch's condition is false. */
const CONDITION_FAILED = "ConditionFailed";

/** One Parallel state running every branch whose condition holds; the job object passes through unchanged. */
export function compileParallelStep(step: ParallelStep, out: BlockOutput): void {
  const branches = step.branches.map((b, i) => compileBranch(step, b, i + 1, out));
  addState(out, stateName(step.name), {
    Type: "Parallel",
    Branches: branches,
    ResultPath: null,
    ...transition(step.next),
  });
}

/**
 * A conditional branch starts with `S.if<n>: <expression>?`, a chooser call that fails with
 * ConditionFailed when the expression is false; the catch ends the branch at `S.skip<n>`, a Succeed.
 */
function compileBranch(step: ParallelStep, branch: ParallelBranch, n: number, parent: BlockOutput): AslDefinition {
  if (branch.if === undefined) return compileNestedBlock(branch.steps, parent);
  const out = nestedBlock(parent);
  const conditionState = stateName(`${step.name}.if${n}: ${branch.if.replace(/\s+/g, " ")}?`);
  const skipState = stateName(`${step.name}.skip${n}`);
  addState(
    out,
    conditionState,
    lambdaTask({
      lambda: "chooser",
      stepName: step.name,
      inScatter: out.inScatter,
      parameters: { "repo.$": "$.repo.uri", inputs: JSON.stringify(step.inputs), expression: branch.if },
      resultPath: null,
      flow: { Next: firstStateName(branch.steps) },
      catch: [{ ErrorEquals: [CONDITION_FAILED], Next: skipState }],
    }),
  );
  compileBlock(branch.steps, out);
  addState(out, skipState, { Type: "Succeed" });
  return { StartAt: conditionState, States: out.states };
}
