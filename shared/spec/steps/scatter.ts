import type { BuiltStep, StepInput } from "../context";
import { scatterStep } from "../language";
import { fail } from "../shapes";
import { entry } from "../tree";
import type { ScatterStep } from "../types";
import { fromEntries, writtenFlow } from "./common";

export function buildScatterStep({ name, body, at, cx, scope }: StepInput): BuiltStep | undefined {
  if (scope.insideScatter !== undefined) {
    fail(cx, { pos: entry(body, "scatter")!.keyPos }, "scatter", `scatter steps cannot be nested (this one is inside scatter step '${scope.insideScatter}'); scatter over several variables at once to get their Cartesian product`);
    return undefined;
  }
  const v = scatterStep.read(body, cx, "");
  const stepsNode = entry(body, "steps")?.value;
  const steps = stepsNode ? scope.readBlock(stepsNode, { ...scope, label: `scatter step '${name}'`, insideScatter: name }, "steps") : [];
  if (!v) return undefined;
  const step: ScatterStep = {
    kind: "scatter",
    name,
    next: null,
    at,
    scatter: fromEntries(v.scatter),
    inputs: v.inputs ? fromEntries(v.inputs) : null,
    steps,
    outputs: fromEntries(v.outputs),
    maxConcurrency: v.max_concurrency ?? 0,
    errorTolerance: v.error_tolerance ?? { count: 0 },
  };
  return { step, flow: writtenFlow(body, v, cx), jumps: [] };
}
