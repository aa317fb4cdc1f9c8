import { COMMANDS } from "../../cli/commands";
import type { SignalSource } from "../../cli/io";
import { runCli } from "../../cli/run";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where SIGINT and SIGTERM come from (an EventEmitter); absent: none arrive. */
  signals?: SignalSource;
  /** Whether the command is told that stderr is a terminal (the live view). */
  isTTY?: boolean;
  /** Hears stderr as it is written, for tests that act while a command runs (`stepbatch watch`). */
  onStderr?: (text: string) => void;
}

/** Runs the stepbatch command in-process, as the bin would, and captures what it prints. */
export async function stepbatch(argv: string[], opts: CliOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    COMMANDS,
    {
      out: (t) => (stdout += t),
      err: (t) => {
        stderr += t;
        opts.onStderr?.(t);
      },
      env: opts.env ?? {},
      cwd: opts.cwd ?? process.cwd(),
      ...(opts.isTTY !== undefined && { isTTY: opts.isTTY }),
      ...(opts.signals !== undefined && { signals: opts.signals }),
    },
    "0.0.0-test",
  );
  return { code, stdout, stderr };
}
