import type { Step } from "../shared/spec";
import type { EngineEvent } from "./engine";

type RunCount = keyof NonNullable<StepProgress["runs"]>;

export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "caught" | "aborted";

/** One step of a workflow as the run left it; scatter steps count their branches. */
export interface StepProgress {
  name: string;
  /** Nesting depth: 0 for the workflow's own steps, 1 for a scatter's or a branch's steps, ... */
  depth: number;
  status: StepStatus;
  /** Scatter steps: how many branches there are, and how they ended. */
  branches?: { total: number; succeeded: number; failed: number; running: number; aborted: number };
  /** Steps inside a scatter: how many of its branches' runs of this step are running or ended. */
  runs?: { running: number; succeeded: number; failed: number };
  error?: string;
  cause?: string;
}

/**
 * What each step of one workflow is doing, from the interpreter's state events: a state belongs to
 * the step whose name it is, or whose name it starts with followed by "." (`PerSample.map`). The
 * last event decides, so a step whose first state exits shows as running again when its next enters.
 */
export class RunProgress {
  private readonly steps = new Map<string, StepProgress>();
  private readonly names: string[];
  private readonly inScatter = new Set<string>();
  /** States whose failure a Catch took, until their exit arrives. */
  private readonly caught = new Set<string>();

  constructor(
    readonly workflow: string,
    steps: Step[],
  ) {
    this.add(steps, 0, false);
    // Longest first, so `A.b` is matched before `A` when both are steps.
    this.names = [...this.steps.keys()].sort((a, b) => b.length - a.length);
  }

  /** Events of this workflow's executions (subpipes' executions are other workflows). */
  record(event: EngineEvent): void {
    if (event.workflow !== this.workflow) return;
    if (event.kind === "item") {
      const step = this.stepOf(event.map);
      if (step === undefined) return;
      const branches = (step.branches ??= { total: event.total, succeeded: 0, failed: 0, running: 0, aborted: 0 });
      branches.total = event.total;
      if (event.status === "started") branches.running++;
      else {
        branches.running = Math.max(0, branches.running - 1);
        branches[event.status]++;
      }
      return;
    }
    const { event: stateEvent } = event;
    if (!("state" in stateEvent)) return;
    const step = this.stepOf(stateEvent.state.name);
    if (step === undefined) return;
    // Inside a scatter, each branch's run of the step moves between counts; `from` undefined: a new run.
    const runs = this.inScatter.has(step.name) && stateEvent.state.name === step.name ? step.runs : undefined;
    const move = (from: RunCount | undefined, to: RunCount) => {
      if (runs === undefined) return;
      if (from !== undefined) runs[from]--;
      runs[to]++;
    };
    switch (stateEvent.type) {
      case "StateEntered":
        step.status = "running";
        move(undefined, "running");
        break;
      case "StateExited":
        // The interpreter reports a caught failure's state as exited too: it stays caught.
        if (this.caught.delete(stateEvent.state.name)) break;
        step.status = "succeeded";
        move("running", "succeeded");
        break;
      case "StateFailed":
        step.status = "failed";
        step.error = stateEvent.Error;
        step.cause = String(stateEvent.Cause);
        move("running", "failed");
        break;
      case "StateRetried":
        step.status = "running";
        move("failed", "running");
        break;
      case "StateCaught":
        step.status = "caught";
        this.caught.add(stateEvent.state.name);
        move("failed", "succeeded");
        break;
    }
    if (runs !== undefined) step.status = runs.running > 0 ? "running" : runs.failed > 0 ? "failed" : "succeeded";
  }

  /**
   * The run has ended: a step still running was stopped with it (no event says so), `as` the run
   * ended: failed (a failure elsewhere, a QC abort) or aborted (Ctrl-C).
   */
  finish(as: "failed" | "aborted"): void {
    for (const step of this.steps.values()) if (step.status === "running") step.status = as;
  }

  list(): StepProgress[] {
    return [...this.steps.values()];
  }

  /** The step a state belongs to (`PerSample.map` is PerSample's), if any. */
  stepOf(state: string): StepProgress | undefined {
    const name = this.names.find((n) => state === n || state.startsWith(`${n}.`));
    return name === undefined ? undefined : this.steps.get(name);
  }

  private add(steps: Step[], depth: number, inScatter: boolean): void {
    for (const step of steps) {
      this.steps.set(step.name, { name: step.name, depth, status: "pending", ...(inScatter && { runs: { running: 0, succeeded: 0, failed: 0 } }) });
      if (inScatter) this.inScatter.add(step.name);
      if (step.kind === "scatter") this.add(step.steps, depth + 1, true);
      if (step.kind === "parallel") for (const branch of step.branches) this.add(branch.steps, depth + 1, inScatter);
      if (step.kind === "native") for (const branch of step.branches ?? []) this.add(branch, depth + 1, inScatter);
    }
  }
}
