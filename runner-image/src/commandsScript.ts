import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ShellArgument } from "../../shared/compiler/runner";

/** The script of a step's commands, in its workspace; the child runs it from there. */
export const COMMANDS_SCRIPT = "_commands.sh";
/** The reference's mode: the owner may read, write and run it; the shell only needs to read it. */
const SCRIPT_MODE = 0o700;

/**
 * How each shell runs the script: `-v` echoes every line into the log before it runs, `-e` stops
 * at the first failing command, `-u` makes an unset variable an error, and `pipefail` fails a
 * pipeline when any part of it fails (reference-system.md d.2 step 11).
 */
const SHELL_COMMANDS: Record<ShellArgument, readonly string[]> = {
  sh: ["sh", "-veu"],
  bash: ["bash", "-veuo", "pipefail"],
  "sh-pipefail": ["sh", "-veuo", "pipefail"],
};

/** Writes the commands, one a line, as the workspace's `_commands.sh`. */
export async function writeCommandsScript(workspace: string, commands: readonly string[]): Promise<void> {
  const path = join(workspace, COMMANDS_SCRIPT);
  await writeFile(path, commands.map((command) => `${command}\n`).join(""));
  // writeFile's mode is masked by the umask; chmod is not.
  await chmod(path, SCRIPT_MODE);
}

/** The child's command line: the shell running the script, in one session. */
export function shellCommand(shell: ShellArgument): string[] {
  return [...SHELL_COMMANDS[shell], COMMANDS_SCRIPT];
}
