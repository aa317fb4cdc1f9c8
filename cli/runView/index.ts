import type { RunProgress } from "../../local/progress";
import type { CliIO } from "../io";
import { liveReporter } from "./live";
import { plainReporter } from "./plain";
import { RunTracker } from "./tracker";
import type { RunReporter, RunViewOptions } from "./types";

export type { RunOutcomeView } from "./outcome";
export type { RunReporter, RunViewOptions } from "./types";

/** A terminal that reports no size is taken to be the classic one. */
const DEFAULT_TERMINAL = { columns: 80, rows: 24 };

/**
 * How `stepbatch run` reports on stderr: a live view redrawn in place where stderr is a terminal,
 * plain lines elsewhere (logs, pipes, CI). `progress` is the main workflow's, fed by the caller.
 */
export function runReporter(io: CliIO, progress: RunProgress, options: RunViewOptions = {}): RunReporter {
  const tracker = new RunTracker(progress);
  if (io.isTTY !== true) return plainReporter(io, tracker, options);
  const terminal = options.terminal ?? {
    columns: process.stderr.columns || DEFAULT_TERMINAL.columns,
    rows: process.stderr.rows || DEFAULT_TERMINAL.rows,
  };
  return liveReporter(io, tracker, { ...options, terminal });
}
