import type { NativeStep, NativeType } from "../../spec/types";
import { compileNestedBlock } from "../block";
import { addState, type BlockOutput } from "../context";
import { CompileError } from "../errors";
import { transition } from "../flow";
import { stateName } from "../names";
import type { AslState } from "../types";

/** ASL gives these no ResultPath. */
const WITHOUT_RESULT_PATH: ReadonlySet<NativeType> = new Set(["Wait", "Succeed", "Fail"]);
/** ASL ends the machine (or branch) at these, so they take no Next/End. */
const TERMINAL: ReadonlySet<NativeType> = new Set(["Succeed", "Fail"]);

/**
 * The step's ASL as written, with the overrides that keep the job object flowing: results are
 * discarded (ResultPath null), the whole object is passed on (OutputPath $), Next/End follow the
 * step order, and a Parallel's branches are stepbatch blocks compiled like any other.
 */
export function compileNativeStep(step: NativeStep, out: BlockOutput): void {
  const { Type: _written, ...fields } = step.body;
  const state: AslState = { Type: step.type, ...fields };
  if (!WITHOUT_RESULT_PATH.has(step.type)) state.ResultPath = null;
  if (step.type !== "Fail") state.OutputPath = "$";
  if (step.type === "Parallel") {
    if (!step.branches) throw new CompileError(`native Parallel step '${step.name}' has no branches`);
    state.Branches = step.branches.map((steps) => compileNestedBlock(steps, out));
  }
  addState(out, stateName(step.name), TERMINAL.has(step.type) ? state : { ...state, ...transition(step.next) });
}
