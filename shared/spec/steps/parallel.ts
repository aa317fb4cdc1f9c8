import type { BuiltStep, StepInput } from "../context";
import { parallelStep } from "../language";
import { entry } from "../tree";
import type { ParallelBranch, ParallelStep } from "../types";
import { fromEntries, valuePos, writtenFlow } from "./common";
import { checkExpression } from "./expressions";

export function buildParallelStep({ name, body, at, cx, scope }: StepInput): BuiltStep | undefined {
  const v = parallelStep.read(body, cx, "");
  const branchesNode = entry(body, "branches")?.value;
  const branches: ParallelBranch[] = [];
  if (branchesNode?.kind === "seq") {
    branchesNode.items.forEach((branch, i) => {
      if (branch.kind !== "map") return;
      const condition = entry(branch, "if")?.value;
      const stepsNode = entry(branch, "steps")?.value;
      const steps = stepsNode ? scope.readBlock(stepsNode, { ...scope, label: `branch ${i + 1} of step '${name}'` }, `branches[${i}].steps`) : [];
      if (condition?.kind === "scalar" && typeof condition.value === "string") {
        checkExpression(condition.value, cx, valuePos(branch, "if"), `branches[${i}].if`);
        branches.push({ if: condition.value, steps });
      } else branches.push({ steps });
    });
  }
  if (!v) return undefined;
  const step: ParallelStep = { kind: "parallel", name, next: null, at, inputs: fromEntries(v.inputs), branches };
  return { step, flow: writtenFlow(body, v, cx), jumps: [] };
}
