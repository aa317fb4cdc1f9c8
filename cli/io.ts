/** Where a command writes; tests pass buffers, the bin passes the process streams. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  /** Usage errors and invalid workflows. */
  invalid: 2,
} as const;

/** A mistake in how the command was called: printed as one line, never with a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
