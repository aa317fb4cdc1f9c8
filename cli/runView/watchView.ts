import type { JobEvent } from "../../local/batch";
import type { LaunchOutcome } from "../../local/engine";
import type { CliIO } from "../io";
import { Incidents, type Report } from "./incidents";
import { outcomeReports, type RunOutcomeView } from "./outcome";
import { styleFor } from "./style";

/** What `stepbatch watch` tells the user, one permanent line at a time (runs overlap: no live block). */
export interface WatchReporter {
  watching(folder: string, workflows: { name: string; file: string }[]): void;
  /** What the launcher did with a job file: started a run, or why not (ignored, refused, ...). */
  launch(key: string, result: LaunchOutcome): void;
  ended(execution: string, outcome: RunOutcomeView): void;
  job(event: JobEvent): void;
  note(text: string): void;
}

/** `[23:19:41]`: a watch runs for hours, so lines carry the time of day. */
function clock(): string {
  const now = new Date();
  return `[${[now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":")}]`;
}

export function watchReporter(io: CliIO, options: { logDir?: string; storeFolder?: string }): WatchReporter {
  const style = styleFor(io);
  const incidents = new Incidents(style, options.logDir);
  const print = (reports: Report[]) => {
    for (const report of reports) io.err(`${clock()} ${report.head}\n${(report.detail ?? []).map((d) => `${d}\n`).join("")}`);
  };
  const line = (text: string) => print([{ head: text }]);
  return {
    watching(folder, workflows) {
      line(`watching ${folder}/ for job files (Ctrl-C to stop):`);
      for (const workflow of workflows) line(`  ${folder}/${workflow.name}/  starts ${workflow.name} (${workflow.file})`);
    },
    launch(key, result) {
      line(result.started ? `started ${result.execution.arn} (${key})` : `${result.outcome} ${key}: ${result.message}`);
    },
    ended(execution, outcome) {
      const [status, ...rest] = outcomeReports(outcome, style, undefined, options.storeFolder);
      print([{ head: `${execution}: ${status.head}` }, ...rest.map((r) => ({ head: `  ${r.head}` }))]);
    },
    job(event) {
      print(incidents.executor(event, "choice"));
      print(incidents.job(event));
    },
    note: line,
  };
}
