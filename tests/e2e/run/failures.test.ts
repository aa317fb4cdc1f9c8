import { expect, test } from "vitest";
import { executionName, RunFolder, statuses } from "./support";

test("a failing command fails the run: the step is marked failed, and stderr names it with its exit code, its log and the log's last lines", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/failing/F1";
  await folder.write("job.json", JSON.stringify({ id: "F1" }));

  const result = await folder.run("wf/failing.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(1);
  expect(result.outcome).toMatchObject({ status: "FAILED", repository: repo, error: "States.TaskFailed" });
  expect(result.outcome?.cause).toContain("Break");
  expect(statuses(result.outcome)).toEqual({ Prepare: "succeeded", Break: "failed", Never: "pending" });
  const failedLine = result.stderr.split("\n").find((line) => line.includes("✗ Break failed"));
  expect(failedLine).toMatch(/\(exit 7\); log: .*\.stepbatch\/logs\/.*__Break\..*\.log$/);
  // The last lines of the step's log follow, the user's own output among them.
  const after = result.stderr.slice(result.stderr.indexOf(failedLine!));
  expect(after).toContain("checking ready.txt");
  expect(after).toContain("the reference is missing");
  expect(after).toContain("exit code 7");
  expect(result.stderr).toMatch(/FAILED: States\.TaskFailed — .*Break/);
  // Prepare's work stays; the failed step leaves no marker, and the step after it never ran.
  expect(await folder.read(`${repo}/ready.txt`)).toBe("ready\n");
  expect(await folder.list(`${repo}/_control_`)).toEqual(["Prepare.complete"]);
  expect(await folder.has(`${repo}/never.txt`)).toBe(false);
});

test("a QC check that holds aborts the run: exit 3, status ABORTED with the check in the error, and the next step never runs", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/qc/Q1";
  await folder.write("job.json", JSON.stringify({ id: "Q1", score: 9 }));

  const result = await folder.run("wf/qc.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(3);
  expect(result.outcome).toMatchObject({ status: "ABORTED", repository: repo });
  expect(result.outcome?.error).toContain("failed QC check at step Measure");
  expect(result.outcome?.cause).toContain("score > 5");
  expect(result.stderr).toMatch(/ABORTED: .*failed QC check at step Measure/);
  expect(statuses(result.outcome).Publish).toBe("pending");
  // The run has ended: no step of it is still running.
  expect(statuses(result.outcome).Measure).toBe("failed");
  // The outputs are uploaded before the check; a step that fails it writes no marker.
  expect(await folder.read(`${repo}/measured.txt`)).toBe("measured\n");
  expect(await folder.list(`${repo}/_control_`)).toEqual([]);
  expect(await folder.has(`${repo}/published.txt`)).toBe(false);
});

test("a QC check that does not hold lets the run go on", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/qc/Q2";
  await folder.write("job.json", JSON.stringify({ id: "Q2", score: 2 }));

  const result = await folder.run("wf/qc.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(0);
  expect(statuses(result.outcome)).toEqual({ Measure: "succeeded", Publish: "succeeded" });
  expect(await folder.read(`${repo}/published.txt`)).toBe("measured\n");
  expect(await folder.list(`${repo}/_control_`)).toEqual(["Measure.complete", "Publish.complete"]);
});

test("a QC check that holds in one scatter branch stops the whole run, not only its branch (exit 3)", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/qc-scatter/QS1";
  await folder.write("job.json", JSON.stringify({ id: "QS1", scores: [1, 9, 2] }));

  const result = await folder.run("wf/qc-scatter.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(3);
  expect(result.outcome).toMatchObject({ status: "ABORTED", repository: repo });
  // The run's execution is the one stopped: the error names it, not a branch's.
  expect(result.outcome?.error).toBe(`Job ${executionName(result.outcome)} failed QC check at step Measure`);
  expect(result.outcome?.cause).toContain("score > 5");
  expect(statuses(result.outcome).Publish).toBe("pending");
  expect(await folder.has(`${repo}/published.txt`)).toBe(false);
});
