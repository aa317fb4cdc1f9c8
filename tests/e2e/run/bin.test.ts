import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { REPO_ROOT, RunFolder, statuses, type RunOutcome } from "./support";

const execFileAsync = promisify(execFile);
const BIN = join(REPO_ROOT, "bin/stepbatch.mjs");

// The bin runs the bundle in dist/, which the tests' global setup builds (tests/support/buildBin.ts).

/** `node bin/stepbatch.mjs ARGS` in `cwd`, as a user runs it: its exit code and what it printed. */
async function bin(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

test("the bin runs the linear example: exit 0, one JSON object on stdout, progress on stderr, the report in the store", async () => {
  const folder = await RunFolder.create();
  await folder.example("linear");

  const result = await bin(["run", "examples/linear/workflow.yaml", "--job", "examples/linear/job.json", "--executor", "local", "--json"], folder.dir);

  expect(result.code, result.stderr).toBe(0);
  const outcome = JSON.parse(result.stdout) as RunOutcome;
  expect(outcome).toMatchObject({ status: "SUCCEEDED", workflow: "linear", repository: "s3://stepbatch-demo/linear/S1" });
  expect(outcome.execution).toMatch(/^arn:aws:states:[^:]+:\d+:execution:linear:/);
  expect(statuses(outcome)).toEqual({ Count: "succeeded", Report: "succeeded" });
  expect(result.stderr).toMatch(/SUCCEEDED\n.*repository: s3:\/\/stepbatch-demo\/linear\/S1\b/);
  expect(await folder.read("s3://stepbatch-demo/reports/report-S1.txt")).toMatch(/^report for S1: \d+ lines\n$/);
});

test("the bin exits 3 when a QC check aborts the run", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write("job.json", JSON.stringify({ id: "Q1", score: 9 }));

  const result = await bin(["run", "wf/qc.yaml", "--job", "job.json", "--executor", "local", "--json"], folder.dir);

  expect(result.code).toBe(3);
  expect(JSON.parse(result.stdout)).toMatchObject({ status: "ABORTED", workflow: "qc" });
});
