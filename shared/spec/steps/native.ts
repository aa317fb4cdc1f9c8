import type { BuiltStep, StepInput } from "../context";
import { nativeType } from "../language";
import { fail, mismatch } from "../shapes";
import { entry, plainValue } from "../tree";
import type { NativeStep, Step } from "../types";
import { keyPos, writtenFlow } from "./common";

/** Fields stepbatch reads itself; the rest of a native step goes to Step Functions as written. */
const FLOW_KEYS = ["Next", "next", "End", "end"];

export function buildNativeStep({ name, body, at, cx, scope }: StepInput): BuiltStep | undefined {
  const typeNode = entry(body, "Type")!.value;
  if (typeNode.kind === "scalar" && (typeNode.value === "Choice" || typeNode.value === "Map")) {
    fail(cx, typeNode, "Type", `native ${typeNode.value} steps are not supported; use a chooser step (choices) or a scatter step instead`);
    return undefined;
  }
  const type = nativeType.read(typeNode, cx, "Type");
  if (type === undefined) return undefined;

  const flowValues: { next?: string; end?: boolean } = {};
  let nextKey = "next";
  let endKey = "end";
  for (const key of FLOW_KEYS) {
    const e = entry(body, key);
    if (!e) continue;
    if (key.toLowerCase() === "next") {
      nextKey = key;
      if (e.value.kind === "scalar" && typeof e.value.value === "string") flowValues.next = e.value.value;
      else return mismatch(cx, e.value, key, "a step name");
    } else {
      endKey = key;
      if (e.value.kind === "scalar" && typeof e.value.value === "boolean") flowValues.end = e.value.value;
      else return mismatch(cx, e.value, key, "true or false");
    }
  }
  if ((type === "Succeed" || type === "Fail") && (flowValues.next !== undefined || flowValues.end !== undefined)) {
    fail(cx, { pos: keyPos(body, flowValues.next !== undefined ? nextKey : endKey) }, flowValues.next !== undefined ? nextKey : endKey, `a ${type} step ends the workflow by itself; remove ${flowValues.next !== undefined ? nextKey : endKey}`);
    return undefined;
  }

  const bodyFields = Object.fromEntries(
    body.entries.filter((e) => !FLOW_KEYS.includes(e.key) && e.key !== "Branches").map((e) => [e.key, plainValue(e.value)]),
  );
  const step: NativeStep = { kind: "native", name, next: null, at, type, body: bodyFields };
  if (type === "Parallel") {
    const branches = readNativeBranches(name, body, cx, scope);
    if (!branches) return undefined;
    step.branches = branches;
  } else if (entry(body, "Branches")) {
    fail(cx, { pos: keyPos(body, "Branches") }, "Branches", "only a Parallel step has Branches");
    return undefined;
  }
  return { step, flow: writtenFlow(body, flowValues, cx, nextKey, endKey), jumps: [] };
}

function readNativeBranches(name: string, body: StepInput["body"], cx: StepInput["cx"], scope: StepInput["scope"]): Step[][] | undefined {
  const branchesNode = entry(body, "Branches")?.value;
  if (!branchesNode) {
    fail(cx, body, "Branches", "a Parallel step needs Branches: a list of mappings with steps");
    return undefined;
  }
  if (branchesNode.kind !== "seq" || branchesNode.items.length === 0) {
    return mismatch(cx, branchesNode, "Branches", "a list of mappings with steps");
  }
  const branches: Step[][] = [];
  for (const [i, branch] of branchesNode.items.entries()) {
    const stepsEntry = branch.kind === "map" ? entry(branch, "steps") : undefined;
    if (branch.kind !== "map" || !stepsEntry || branch.entries.length !== 1) {
      return mismatch(cx, branch, `Branches[${i}]`, "a mapping with only steps");
    }
    branches.push(scope.readBlock(stepsEntry.value, { ...scope, label: `branch ${i + 1} of step '${name}'` }, `Branches[${i}].steps`));
  }
  return branches;
}
