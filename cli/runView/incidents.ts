import { CONTAINER_EXITED, TIMEOUT_REASON, type JobEvent } from "../../local/batch";
import { describeCause, describeExecutor } from "./format";
import { MARKS, type Style } from "./style";

/** A permanent line, and the lines under it (a failed job's last log lines). */
export interface Report {
  head: string;
  detail?: string[];
}

/**
 * Failures and retries of a step run in many branches are told in full this many times; after that
 * they are counted in its progress: a scatter of 1,000 failing branches must not bury the screen.
 */
export const MAX_BRANCH_REPORTS_PER_STEP = 5;

/**
 * What must stay on screen about jobs and retries, worded once for every view: failures with the
 * last lines of their log, retries, a job that waits to run alone, and which executor runs a step.
 */
export class Incidents {
  private readonly reported = new Map<string, number>();
  private readonly told = new Set<string>();

  constructor(
    private readonly style: Style,
    /** Where every attempt's log is, for the line that says further failures are not shown. */
    private readonly logDir?: string,
  ) {}

  job(event: JobEvent): Report[] {
    const what = event.branch === "main" ? event.step : `${event.step}[${event.branch}]`;
    const many = event.branch !== "main";
    switch (event.kind) {
      case "queued":
        return event.runsAlone !== undefined && this.once(`alone:${event.step}`) ? [{ head: `  ${event.step}: ${event.runsAlone}` }] : [];
      case "retrying":
        return this.limited(event.step, many, {
          head: `  ${what} attempt ${event.attempt} failed (${event.statusReason ?? "no reason given"}${event.exitCode != null ? `, exit ${event.exitCode}` : ""}); retrying`,
        });
      case "failed":
        return this.limited(event.step, many, this.failure(what, event));
      default:
        return [];
    }
  }

  /**
   * The executor that runs a step's jobs: once per step (`per: "step"`), or once per distinct choice
   * (`per: "choice"`, where the live view shows each step's executor anyway).
   */
  executor(event: JobEvent, per: "step" | "choice"): Report[] {
    if (event.kind !== "started" || event.executor === undefined) return [];
    const key = per === "step" ? `executor:${event.step}:${event.executor.kind}` : `executor:${event.executor.kind}:${event.executor.reason}`;
    if (!this.once(key)) return [];
    return [{ head: `  ${event.step} runs on ${describeExecutor(event.executor)}` }];
  }

  /** Step Functions retries a state of `step` (its Retry field), `attempt` of `maxAttempts`. */
  retried(step: string, many: boolean, attempt: number, maxAttempts: number, error: string | undefined): Report[] {
    return this.limited(step, many, { head: `${this.style.busy("↻")} ${step}: retry ${attempt} of ${maxAttempts}${error ? ` after ${error}` : ""}` });
  }

  /** A scatter branch that failed (the scatter tolerates some, as its error_tolerance says). */
  branchFailed(step: string, index: number, error: string | undefined, cause: unknown): Report[] {
    const why = [error, describeCause(cause)].filter((part) => part !== undefined && part !== "").join(": ");
    return this.limited(step, true, { head: `${this.style.bad(MARKS.failed)} ${step} branch ${index} failed${why ? `: ${why}` : ""}` });
  }

  private failure(what: string, event: JobEvent): Report {
    const log = `log: ${event.logFile ?? "none"}`;
    const reason = event.statusReason ?? "no reason given";
    // Stopped by Ctrl-C or its execution's stop: the user knows why, and its log holds the rest.
    if (reason !== CONTAINER_EXITED && reason !== TIMEOUT_REASON) return { head: `${this.style.busy(MARKS.aborted)} ${what} stopped: ${reason}; ${log}` };
    const detail = (event.lastLines ?? []).map((line) => `      ${line}`);
    return { head: `${this.style.bad(MARKS.failed)} ${what} failed: ${reason}${exit(event)}; ${log}`, detail };
  }

  private limited(step: string, many: boolean, report: Report): Report[] {
    if (!many) return [report];
    const count = (this.reported.get(step) ?? 0) + 1;
    this.reported.set(step, count);
    if (count <= MAX_BRANCH_REPORTS_PER_STEP) return [report];
    if (count > MAX_BRANCH_REPORTS_PER_STEP + 1) return [];
    const where = this.logDir === undefined ? "" : `; every attempt's log is in ${this.logDir}`;
    return [{ head: `  (further failures and retries of ${step} are counted, not shown${where})` }];
  }

  private once(key: string): boolean {
    if (this.told.has(key)) return false;
    this.told.add(key);
    return true;
  }
}

function exit(event: JobEvent): string {
  return event.exitCode != null ? ` (exit ${event.exitCode})` : "";
}
