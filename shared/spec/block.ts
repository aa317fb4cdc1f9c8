import type { BlockScope, BuiltStep, StepInput } from "./context";
import { describeValue } from "./errors";
import { STEP_NAME, STEP_NAME_EXPECTED } from "./language";
import { fail, indexField, mismatch, type ReadContext } from "./shapes";
import { buildBatchStep } from "./steps/batch";
import { buildChooserStep } from "./steps/chooser";
import { buildNativeStep } from "./steps/native";
import { buildParallelStep } from "./steps/parallel";
import { buildScatterStep } from "./steps/scatter";
import { buildSubpipeStep } from "./steps/subpipe";
import { plainValue, type MapEntry, type TreeNode } from "./tree";
import type { Step } from "./types";

/** The key that decides a step's kind, in the reference's order of precedence. */
const KINDS: Array<[string, (input: StepInput) => BuiltStep | undefined]> = [
  ["scatter", buildScatterStep],
  ["commands", buildBatchStep],
  ["subpipe", buildSubpipeStep],
  ["Type", buildNativeStep],
  ["choices", buildChooserStep],
  ["branches", buildParallelStep],
];
export const KIND_KEYS = KINDS.map(([key]) => key);

/** Reads a list of steps and resolves where each one goes next. */
export function readBlock(node: TreeNode, scope: BlockScope, field: string): Step[] {
  const cx: ReadContext = { errors: scope.errors };
  const built: BuiltStep[] = [];
  const entries = stepEntries(node, cx, field);
  for (const item of entries) {
    const step = readStep(item, scope);
    if (step) built.push(step);
  }
  // Jumps are checked against every step of the block, also those that had errors of their own.
  resolveFlow(built, new Set(entries.map((e) => e.key)), scope);
  return built.map((b) => b.step);
}

/** The reference takes a list of single-key mappings, or one mapping of several steps. */
function stepEntries(node: TreeNode, cx: ReadContext, field: string): MapEntry[] {
  if (node.kind === "map") return node.entries;
  if (node.kind !== "seq") {
    mismatch(cx, node, field, "a list of steps");
    return [];
  }
  if (node.items.length === 0) {
    fail(cx, node, field, "expected at least one step, got none");
    return [];
  }
  const entries: MapEntry[] = [];
  node.items.forEach((item, i) => {
    if (item.kind !== "map") {
      fail(cx, item, indexField(field, i), `expected a step (a mapping of the step name to its fields), got ${describeValue(plainValue(item))}`);
    } else if (item.entries.length !== 1) {
      const names = item.entries.map((e) => `'${e.key}'`).join(", ");
      fail(cx, item, indexField(field, i), `a list item must hold exactly one step, and this one has ${item.entries.length}: ${names}; start each step with its own '-'`);
    } else entries.push(item.entries[0]);
  });
  return entries;
}

function readStep({ key: name, keyPos, value }: MapEntry, scope: BlockScope): BuiltStep | undefined {
  const cx: ReadContext = { errors: scope.errors, step: name };
  if (!STEP_NAME.test(name)) return fail(cx, { pos: keyPos }, "", `expected ${STEP_NAME_EXPECTED}, got ${JSON.stringify(name)}`);
  scope.registry.push({ name, at: keyPos, block: scope.label });
  if (value.kind !== "map") return mismatch(cx, value, "", "the step's fields (a mapping)");
  const kind = KINDS.find(([key]) => value.entries.some((e) => e.key === key));
  if (!kind) {
    return fail(cx, value, "", `not a recognized step type: give commands (batch step), scatter, subpipe, Type (native step), choices (chooser) or branches (parallel)`);
  }
  return kind[1]({ name, body: value, at: keyPos, cx, scope });
}

function resolveFlow(built: BuiltStep[], names: Set<string>, scope: BlockScope): void {
  built.forEach(({ step, flow, jumps }, i) => {
    const cx: ReadContext = { errors: scope.errors, step: step.name };
    for (const jump of [...(flow.next ? [{ ...flow.next, field: "next" }] : []), ...jumps]) {
      if (!names.has(jump.target)) scope.unresolved.push({ ...jump, step: step.name, block: scope.label });
    }
    const following = built[i + 1]?.step.name ?? null;
    const terminal = step.kind === "native" && (step.type === "Succeed" || step.type === "Fail");
    const next = terminal ? null : flow.next ? flow.next.target : flow.end ? null : following;
    if (step.kind === "chooser") {
      if (next === null) fail(cx, { pos: step.at }, "", "a chooser step cannot be the last step: add next (where to go when no choice matches) or a step after it");
      else step.next = next;
    } else step.next = next;
  });
}
