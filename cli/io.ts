/** Where a command writes; tests pass buffers, the bin passes the process streams. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stderr is a terminal (live views redraw there); absent: it is not. */
  isTTY?: boolean;
  /** Where Ctrl-C and SIGTERM come from: the process in the bin, an emitter in tests; absent: none arrive. */
  signals?: SignalSource;
}

/** A source of SIGINT and SIGTERM: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  /** A run that failed. */
  failed: 1,
  /** Usage errors and invalid workflows. */
  invalid: 2,
  /** A run stopped by a QC check. */
  aborted: 3,
  /** A run stopped by Ctrl-C or SIGTERM (128 + SIGINT's number, as shells report it). */
  interrupted: 130,
} as const;

/** A mistake in how the command was called: printed as one line, never with a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
