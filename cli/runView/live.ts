import type { JobEvent } from "../../local/batch";
import type { EngineEvent } from "../../local/engine";
import type { CliIO } from "../io";
import { renderBlock } from "./block";
import { Incidents, type Report } from "./incidents";
import { outcomeReports, type RunOutcomeView } from "./outcome";
import { stamp } from "./stamp";
import { styleFor } from "./style";
import type { RunTracker } from "./tracker";
import type { RunReporter, RunViewOptions } from "./types";

/** At most ten redraws a second: smooth to the eye, and cheap however fast events come. */
export const REDRAW_INTERVAL_MS = 100;
/** Elapsed times move by the second, so the block is redrawn that often when nothing else happens. */
export const CLOCK_REDRAW_MS = 1_000;

/** ANSI: erase the line the cursor is on; erase from the cursor to the end of the screen. */
const CLEAR_LINE = "\x1b[2K";
const CLEAR_BELOW = "\x1b[J";
/** Up `lines` lines, to the first column (by CHA, not a carriage return, which some ttys turn into a newline). */
const cursorUp = (lines: number) => `\x1b[${lines}A\x1b[1G`;

/**
 * The live view on a terminal: a block with a line per step, redrawn in place (cursor up, clear
 * line) at most every REDRAW_INTERVAL_MS, with what must stay (failures and their last log lines,
 * retries, executors, notes) printed above it as permanent lines. When the run ends the block is
 * drawn once more, final, and the outcome follows it.
 */
export function liveReporter(io: CliIO, tracker: RunTracker, options: RunViewOptions & { terminal: { columns: number; rows: number } }): RunReporter {
  const startedAt = Date.now();
  const style = styleFor(io);
  const incidents = new Incidents(style, options.logDir);
  const permanent: string[] = [];
  let drawn = 0;
  let dirty = false;
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;

  const keep = (reports: Report[]) => {
    for (const report of reports) permanent.push(`${stamp(Date.now() - startedAt)} ${report.head}`, ...(report.detail ?? []));
    if (reports.length > 0) dirty = true;
  };
  const draw = (final: boolean) => {
    const now = Date.now();
    const block = renderBlock(tracker, now, style, { columns: terminal.columns, maxLines: Math.max(1, terminal.rows - 1), final });
    const lines = [...permanent.splice(0), ...block];
    io.err(`${drawn > 0 ? cursorUp(drawn) : ""}${lines.map((l) => `${CLEAR_LINE}${l}\n`).join("")}${CLEAR_BELOW}`);
    drawn = block.length;
    dirty = false;
    lastDraw = now;
  };
  const { terminal } = options;

  return {
    started(execution, file) {
      keep([{ head: `started ${execution} (${file})` }]);
      draw(false);
      timer = setInterval(() => {
        if (dirty || Date.now() - lastDraw >= CLOCK_REDRAW_MS) draw(false);
      }, REDRAW_INTERVAL_MS);
      // The view must never keep the process alive on its own.
      timer.unref();
    },
    event(event: EngineEvent) {
      const change = tracker.event(event, Date.now());
      dirty = true;
      if (change.retried) {
        const { step, attempt, maxAttempts } = change.retried;
        keep(incidents.retried(step.name, step.runs !== undefined, attempt, maxAttempts, step.error));
      }
      if (event.kind === "item" && event.status === "failed") keep(incidents.branchFailed(change.branches?.name ?? event.map, event.index, event.error, event.cause));
    },
    job(event: JobEvent) {
      tracker.job(event);
      dirty = true;
      keep(incidents.executor(event, "choice"));
      keep(incidents.job(event));
    },
    note(text) {
      keep([{ head: text }]);
      if (timer !== undefined) draw(false);
    },
    finished(outcome: RunOutcomeView) {
      clearInterval(timer);
      tracker.finish();
      draw(true);
      drawn = 0;
      for (const report of outcomeReports(outcome, style, tracker, options.storeFolder)) {
        io.err(`${stamp(Date.now() - startedAt)} ${report.head}\n${(report.detail ?? []).map((d) => `${d}\n`).join("")}`);
      }
    },
  };
}
