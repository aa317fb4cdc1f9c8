import type { StepProgress, StepStatus } from "../../local/progress";
import { describeBranches } from "./branchPace";
import { formatDuration } from "./format";
import { markFor, type Style } from "./style";

/**
 * How a step ended. RunProgress takes a step's status from its last state, and a scatter's branch
 * states exit on their own: a scatter with branches stopped or never ended was stopped.
 */
export function endStatus(step: StepProgress): StepStatus {
  const unfinished = step.branches !== undefined && step.branches.aborted + step.branches.running > 0;
  return step.status === "succeeded" && unfinished ? "aborted" : step.status;
}

/** The line that says a step of the workflow's own has ended, and how. */
export function stepEndLine(step: StepProgress, elapsedMs: number | undefined, style: Style): string {
  const took = elapsedMs === undefined ? "" : formatDuration(elapsedMs);
  const branches = step.branches === undefined ? "" : `: ${describeBranches(step.branches)}`;
  const status = endStatus(step);
  switch (status) {
    case "succeeded":
      return `${markFor("succeeded", style)} ${step.name}${took ? ` (${took})` : ""}${branches}`;
    case "caught":
      return `${markFor("caught", style)} ${step.name} failed${took ? ` after ${took}` : ""}, and the workflow caught it${branches}`;
    case "failed":
      return `${markFor("failed", style)} ${step.name} failed${took ? ` after ${took}` : ""}${branches}`;
    default:
      // Aborted, or still running when the run ended: it was stopped.
      return `${markFor(status === "aborted" ? "aborted" : "failed", style)} ${step.name} stopped${took ? ` after ${took}` : ""}${branches}`;
  }
}

/** `runs: 4 done, 1 failed, 2 running`: how a step inside a scatter has fared across its branches. */
export function describeRuns(runs: NonNullable<StepProgress["runs"]>): string {
  const parts = [`${runs.succeeded} done`];
  if (runs.failed > 0) parts.push(`${runs.failed} failed`);
  if (runs.running > 0) parts.push(`${runs.running} running`);
  return `runs: ${parts.join(", ")}`;
}
