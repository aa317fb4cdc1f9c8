import type { JobEvent } from "../../local/batch";
import type { EngineEvent } from "../../local/engine";
import type { CliIO } from "../io";
import { BranchPace, describeBranches } from "./branchPace";
import { Incidents, type Report } from "./incidents";
import { outcomeReports, type RunOutcomeView } from "./outcome";
import { stepEndLine } from "./stepLines";
import { PLAIN_STYLE } from "./style";
import { stamp } from "./stamp";
import type { RunTracker } from "./tracker";
import type { RunReporter, RunViewOptions } from "./types";

/**
 * Plain lines, for logs, pipes and CI: when each step of the workflow's own starts and ends (with its
 * duration), a scatter's progress now and then, failures with their last log lines, retries, each
 * step's executor once, and the outcome with where the results are.
 */
export function plainReporter(io: CliIO, tracker: RunTracker, options: RunViewOptions): RunReporter {
  const startedAt = Date.now();
  const style = PLAIN_STYLE;
  const incidents = new Incidents(style, options.logDir);
  const pace = new BranchPace();
  const line = (text: string) => io.err(`${stamp(Date.now() - startedAt)} ${text}\n`);
  const print = (reports: Report[]) => {
    for (const report of reports) {
      line(report.head);
      for (const detail of report.detail ?? []) io.err(`${detail}\n`);
    }
  };

  return {
    started: (execution, file) => line(`started ${execution} (${file})`),
    event(event: EngineEvent) {
      const now = Date.now();
      const change = tracker.event(event, now);
      if (change.ended) line(stepEndLine(change.ended, tracker.elapsed(change.ended, now), style));
      if (change.started) line(`▸ ${change.started.name}`);
      if (change.retried) {
        const { step, attempt, maxAttempts } = change.retried;
        print(incidents.retried(step.name, step.runs !== undefined, attempt, maxAttempts, step.error));
      }
      if (event.kind !== "item") return;
      const step = change.branches;
      if (event.status === "failed") print(incidents.branchFailed(step?.name ?? event.map, event.index, event.error, event.cause));
      if (step?.branches === undefined || !pace.due(step.name, step.branches, now)) return;
      // A step of the workflow's own says its final counts as it ends.
      const { succeeded, failed, aborted, total } = step.branches;
      const allEnded = succeeded + failed + aborted >= total;
      if (!(allEnded && step.depth === 0)) line(`  ${step.name}: ${describeBranches(step.branches)}`);
    },
    job(event: JobEvent) {
      tracker.job(event);
      print(incidents.executor(event, "step"));
      print(incidents.job(event));
    },
    note: (text) => line(text),
    finished(outcome: RunOutcomeView) {
      const last = tracker.finish();
      if (last !== undefined) line(stepEndLine(last, tracker.elapsed(last, Date.now()), style));
      print(outcomeReports(outcome, style, tracker, options.storeFolder));
    },
  };
}
