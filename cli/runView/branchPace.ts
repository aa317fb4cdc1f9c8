import type { StepProgress } from "../../local/progress";

/** Plain output tells a scatter's progress when this share of its branches has ended... */
export const PROGRESS_FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9];
/** ...or, between those, at most this often: a log that moves, not a line per branch of 1,000. */
export const PROGRESS_INTERVAL_MS = 5_000;

type Branches = NonNullable<StepProgress["branches"]>;

/** `245/1000 branches done, 5 failed, 8 running` (and how many were stopped, if any). */
export function describeBranches(branches: Branches): string {
  const running = branches.running > 0 ? `, ${branches.running} running` : "";
  const stopped = branches.aborted > 0 ? `, ${branches.aborted} stopped` : "";
  return `${branches.succeeded}/${branches.total} branches done, ${branches.failed} failed${stopped}${running}`;
}

/** When a scatter's progress is worth a line of plain output: a fraction passed, time passed, or all ended. */
export class BranchPace {
  private readonly last = new Map<string, { at: number; ended: number }>();

  due(step: string, branches: Branches, now: number): boolean {
    const ended = branches.succeeded + branches.failed + branches.aborted;
    const last = this.last.get(step) ?? { at: now, ended: 0 };
    if (ended === last.ended) return false;
    const due = ended >= branches.total || passed(last.ended, ended, branches.total) || now - last.at >= PROGRESS_INTERVAL_MS;
    if (due || !this.last.has(step)) this.last.set(step, due ? { at: now, ended } : last);
    return due;
  }
}

function passed(before: number, after: number, total: number): boolean {
  return PROGRESS_FRACTIONS.some((fraction) => before < fraction * total && after >= fraction * total);
}
