import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { COMMANDS_SCRIPT, shellCommand, writeCommandsScript } from "../../../runner-image/src/commandsScript";

const run = promisify(execFile);
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "stepbatch-script-"));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

/** Runs the script as the child would, and returns its exit code and output. */
async function runScript(shell: "sh" | "bash" | "sh-pipefail"): Promise<{ code: number; stdout: string; stderr: string }> {
  const [program, ...rest] = shellCommand(shell);
  try {
    const { stdout, stderr } = await run(program, rest, { cwd: workspace });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the commands script", () => {
  it("holds one command a line, and only its owner may touch it", async () => {
    await writeCommandsScript(workspace, ["echo one", "echo two"]);
    expect(await readFile(join(workspace, COMMANDS_SCRIPT), "utf8")).toBe("echo one\necho two\n");
    expect((await stat(join(workspace, COMMANDS_SCRIPT))).mode & 0o777).toBe(0o700);
  });

  it("names each shell's flags", () => {
    expect(shellCommand("sh")).toEqual(["sh", "-veu", "_commands.sh"]);
    expect(shellCommand("bash")).toEqual(["bash", "-veuo", "pipefail", "_commands.sh"]);
    expect(shellCommand("sh-pipefail")).toEqual(["sh", "-veuo", "pipefail", "_commands.sh"]);
  });

  it("runs in one session, echoes each line and stops at the first failure", async () => {
    await writeCommandsScript(workspace, ["X=kept", "echo $X", "false", "echo never"]);
    const result = await runScript("sh");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("kept\n");
    expect(result.stderr).toContain("echo $X");
    expect(result.stderr).not.toContain("never\n");
  });

  it("makes an unset variable an error", async () => {
    await writeCommandsScript(workspace, ["echo ${UNSET_IN_THIS_TEST}"]);
    expect((await runScript("sh")).code).not.toBe(0);
  });

  it("fails a pipeline whose first part fails only with pipefail", async () => {
    await writeCommandsScript(workspace, ["(exit 3) | cat", "echo after"]);
    expect((await runScript("sh")).code).toBe(0);
    expect((await runScript("bash")).code).toBe(3);
  });
});
