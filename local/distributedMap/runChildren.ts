import { StatesError } from "../asl/errors";
import type { Definition, Json } from "../asl/types";
import { DistributedMapError } from "./errors";
import { childFailure, failedChildEntry } from "./failure";
import { exceedsTolerance, THRESHOLD_EXCEEDED_CAUSE, type Tolerance } from "./tolerance";
import type { DistributedMapDeps, RunningChild } from "./types";

export interface ChildRunPlan {
  processor: Definition;
  items: Json[];
  /** The child input for an item: its ItemSelector evaluated, or the item itself. */
  inputFor(index: number, value: Json): Promise<Json>;
  concurrency: number;
  tolerance: Tolerance;
}

/**
 * Runs one child per item, at most `concurrency` at once, and resolves with their outputs in item
 * order (a tolerated failure's entry in its place). Once the failures pass the tolerance, or the
 * parent is stopped, or an item's input cannot be made, no child starts, the running ones are
 * aborted, and it rejects once they have all settled: no child outlives the map.
 */
export async function runChildren(plan: ChildRunPlan, deps: DistributedMapDeps): Promise<Json[]> {
  const { items, processor } = plan;
  const total = items.length;
  const results: Json[] = new Array<Json>(total);
  const running = new Set<RunningChild>();
  let next = 0;
  let failures = 0;
  let stopReason: { error: unknown } | undefined;

  const stop = (error: unknown) => {
    if (stopReason) return;
    stopReason = { error };
    for (const child of running) child.abort();
  };
  const onParentStopped = () => stop(new DistributedMapError("Aborted", "the execution was stopped while its Distributed Map ran"));
  deps.signal?.addEventListener("abort", onParentStopped, { once: true });
  if (deps.signal?.aborted) onParentStopped();

  const runOne = async (index: number) => {
    const value = items[index];
    let input: Json;
    let child: RunningChild;
    try {
      input = await plan.inputFor(index, value);
      if (stopReason) return;
      child = deps.runChild(processor, input, { index, value });
    } catch (error) {
      stop(error);
      return;
    }
    const startDate = new Date();
    running.add(child);
    deps.onItem?.({ index, total, status: "started" });
    const settled = await child.result.then(
      (output) => ({ output }),
      (reason: unknown) => ({ reason }),
    );
    running.delete(child);
    if ("output" in settled) {
      results[index] = settled.output;
      deps.onItem?.({ index, total, status: "succeeded" });
      return;
    }
    if (stopReason) {
      deps.onItem?.({ index, total, status: "aborted" });
      return;
    }
    const { error, cause } = childFailure(settled.reason);
    failures++;
    results[index] = failedChildEntry({ error, cause, input, startDate, stopDate: new Date() });
    deps.onItem?.({ index, total, status: "failed", error, cause });
    if (exceedsTolerance(plan.tolerance, failures, total)) {
      stop(new StatesError("States.ExceedToleratedFailureThreshold", THRESHOLD_EXCEEDED_CAUSE));
    }
  };

  const worker = async () => {
    while (!stopReason && next < total) await runOne(next++);
  };

  try {
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, total) }, worker));
  } finally {
    deps.signal?.removeEventListener("abort", onParentStopped);
  }
  if (stopReason) throw stopReason.error;
  return results;
}
