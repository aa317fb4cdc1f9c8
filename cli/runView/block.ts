import type { StepProgress, StepStatus } from "../../local/progress";
import { describeBranches } from "./branchPace";
import { clip, formatDuration } from "./format";
import { describeRuns, endStatus } from "./stepLines";
import { markFor, type Style } from "./style";
import type { RunTracker } from "./tracker";

export interface BlockLayout {
  columns: number;
  /** Lines the block may take; steps beyond are summed up in its last line. */
  maxLines: number;
  /** The run has ended: steps never entered were not run, running ones were stopped. */
  final: boolean;
}

/** Statuses worth a line of their own when the block must leave steps out. */
const NOTEWORTHY = new Set(["running", "failed", "caught"]);

/**
 * The live view's block: one line per step, nested steps indented, each with its status mark, how
 * long it ran, a scatter's branches, a scatter's steps' runs, and the executor of a batch step.
 * Every line is cut to the terminal's width: a line that wraps would throw off the redraw.
 */
export function renderBlock(tracker: RunTracker, now: number, style: Style, layout: BlockLayout): string[] {
  const steps = tracker.steps();
  const nameWidth = Math.max(...steps.map((s) => s.depth * 2 + s.name.length));
  const line = (step: StepProgress) => {
    const status = shownStatus(step, tracker, layout.final);
    const elapsed = tracker.elapsed(step, now);
    const text = [
      `${"  ".repeat(step.depth)}${step.name}`.padEnd(nameWidth),
      (elapsed === undefined ? "" : formatDuration(elapsed)).padStart(7),
      detail(step, tracker, layout.final),
    ]
      .join("  ")
      .trimEnd();
    // The mark is one column wide; the rest is cut before colour is added, so widths stay exact.
    return `${markFor(status, style)} ${clip(text, layout.columns - 3)}`;
  };
  if (steps.length <= layout.maxLines) return steps.map(line);
  const room = Math.max(1, layout.maxLines - 1);
  const shown = new Set(steps.filter((s) => NOTEWORTHY.has(s.status)).slice(0, room));
  for (const step of steps) if (shown.size < room) shown.add(step);
  const left = steps.filter((s) => !shown.has(s));
  const done = left.filter((s) => s.status === "succeeded").length;
  const summary = style.faint(clip(`… ${left.length} more steps: ${done} done, ${left.length - done} not started`, layout.columns - 1));
  return [...steps.filter((s) => shown.has(s)).map(line), summary];
}

/**
 * RunProgress's status is its last state's: a scatter's branch states exit while the scatter runs,
 * so the step the run is in, and a scatter with branches running, show as running.
 */
function shownStatus(step: StepProgress, tracker: RunTracker, final: boolean): StepStatus | "skipped" {
  if (final) return step.status === "pending" ? "skipped" : step.status === "running" ? "failed" : endStatus(step);
  if (step.status === "succeeded" && (tracker.isCurrent(step) || (step.branches?.running ?? 0) > 0)) return "running";
  return step.status;
}

function detail(step: StepProgress, tracker: RunTracker, final: boolean): string {
  if (final && step.status === "pending") return "not run";
  const stopped = final ? step.status === "running" || endStatus(step) === "aborted" : step.status === "aborted";
  const parts: string[] = stopped ? ["stopped"] : [];
  if (step.branches !== undefined) parts.push(describeBranches(step.branches));
  if (step.runs !== undefined && step.status !== "pending") parts.push(describeRuns(step.runs));
  const executor = tracker.executors.get(step.name);
  if (executor !== undefined) parts.push(`on ${executor.kind}`);
  return parts.join(" · ");
}
