import type { JobEvent } from "../../local/batch";
import type { EngineEvent } from "../../local/engine";
import type { RunOutcomeView } from "./outcome";

/** What `stepbatch run` tells the user while it runs, on stderr (stdout is for --json). */
export interface RunReporter {
  started(execution: string, file: string): void;
  event(event: EngineEvent): void;
  job(event: JobEvent): void;
  note(text: string): void;
  finished(outcome: RunOutcomeView): void;
}

export interface RunViewOptions {
  /** Where the job attempts' logs are, named when failures are counted rather than shown. */
  logDir?: string;
  /** The folder of a directory store, to say where the repository is on disk. */
  storeFolder?: string;
  /** The terminal's size, for the live view (CliIO does not carry it); default: stderr's, else 80×24. */
  terminal?: { columns: number; rows: number };
}
