import { COMMANDS } from "../../cli/commands";
import { runCli } from "../../cli/run";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the stepbatch command in-process, as the bin would, and captures what it prints. */
export async function stepbatch(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(
    argv,
    COMMANDS,
    { out: (t) => (stdout += t), err: (t) => (stderr += t), env: opts.env ?? {}, cwd: opts.cwd ?? process.cwd() },
    "0.0.0-test",
  );
  return { code, stdout, stderr };
}
