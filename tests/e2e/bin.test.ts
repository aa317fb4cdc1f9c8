import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);

// The bin runs the bundle in dist/, which the tests' global setup builds (tests/support/buildBin.ts).

async function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/stepbatch.mjs", ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test("the bin runs with plain node", async () => {
  const r = await bin(["--help"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Usage: stepbatch <command>");
});

test("the bin validates the bundled examples", async () => {
  const r = await bin(["validate", "examples/branching/workflow.yaml"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^examples\/branching\/workflow\.yaml: valid, \d+ steps/);
});

test("bad input exits 2 with one line and no stack trace", async () => {
  const r = await bin(["compile", "does-not-exist.yaml", "--name", "x"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe("stepbatch compile: does-not-exist.yaml: no such file\n");
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
