import { expect, test } from "vitest";
import { RunFolder, statuses } from "./support";

const branchFolder = (repo: string, step: string, index: number) => `${repo}/${step}/${String(index).padStart(5, "0")}`;

test("scatter over each source form: a job-data list, a static list, an S3 glob, @file lines, a CSV column and a JSON selector, each gathered into its manifest", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/scatter/S1";
  await folder.seed({
    [`${repo}/chunks/c1.txt`]: "chunk one\n",
    [`${repo}/chunks/c2.txt`]: "chunk two\n",
    // `*` stops at `/`: a deeper object is no match.
    [`${repo}/chunks/deeper/c3.txt`]: "deeper\n",
    [`${repo}/chunks/c4.fq`]: "not a txt\n",
    [`${repo}/names.txt`]: "alice\nbob\n",
    [`${repo}/samples.csv`]: "sample,lane\nNA1,1\nNA2,2\n",
    "s3://stepbatch-e2e-config/S1/lanes.json": JSON.stringify({ lanes: [{ id: "L1" }, { id: "L2" }, { id: "L3" }] }),
  });
  await folder.write("job.json", JSON.stringify({ id: "S1", letters: ["a", "b", "c"] }));

  const result = await folder.run("wf/scatter-sources.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(0);
  expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "scatter-sources", repository: repo });
  const expected: Record<string, string[]> = {
    FromJobList: ["a", "b", "c"],
    FromStaticList: ["one", "two"],
    FromGlob: ["chunk one", "chunk two"],
    FromLines: ["alice", "bob"],
    FromCsv: ["NA1", "NA2"],
    FromJson: ["L1", "L2", "L3"],
  };
  for (const [step, items] of Object.entries(expected)) {
    const branches = items.map((_, i) => branchFolder(repo, step, i));
    expect(result.outcome?.steps.find((s) => s.name === step)?.branches, step).toEqual({ total: items.length, succeeded: items.length, failed: 0, running: 0, aborted: 0 });
    for (const [i, branch] of branches.entries()) {
      expect((await folder.read(`${branch}/seen.txt`)).trim(), `${branch}/seen.txt`).toBe(items[i]);
      expect(await folder.has(`${branch}/_control_/Echo${step.slice("From".length)}.complete`), branch).toBe(true);
    }
    expect(await folder.has(branchFolder(repo, step, items.length) + "/_JOB_DATA_"), `${step} has no extra branch`).toBe(false);
    expect(await folder.readJson(`${repo}/${step}_manifest.json`), step).toEqual({ seen: branches.map((b) => `${b}/seen.txt`) });
  }
  // The glob's items are the objects' full URIs, in the branches' job data.
  expect(await folder.readJson(`${branchFolder(repo, "FromGlob", 1)}/_JOB_DATA_`)).toMatchObject({ scatter: { chunk: `${repo}/chunks/c2.txt` } });
  expect(await folder.readJson(`${branchFolder(repo, "FromCsv", 0)}/_JOB_DATA_`)).toMatchObject({ scatter: { sample: "NA1" } });
});

test("error tolerance: one failed branch of three is tolerated, the manifest lists the others, and the run goes on", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/tolerance/T1";
  await folder.write("job.json", JSON.stringify({ id: "T1", items: ["good1", "bad1", "good2"] }));

  const result = await folder.run("wf/tolerance.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(0);
  expect(result.outcome).toMatchObject({ status: "SUCCEEDED", repository: repo });
  expect(result.outcome?.steps.find((s) => s.name === "Each")?.branches).toEqual({ total: 3, succeeded: 2, failed: 1, running: 0, aborted: 0 });
  expect(statuses(result.outcome)).toMatchObject({ Each: "succeeded", After: "succeeded" });
  expect(result.stderr).toMatch(/✗ Check\[1\] failed: .*\(exit 3\)/);
  const manifest = { ok: [`${branchFolder(repo, "Each", 0)}/ok.txt`, `${branchFolder(repo, "Each", 2)}/ok.txt`] };
  expect(await folder.readJson(`${repo}/Each_manifest.json`)).toEqual(manifest);
  expect(await folder.readJson(`${repo}/after.json`)).toEqual(manifest);
  expect(await folder.list(branchFolder(repo, "Each", 1))).toEqual(["_JOB_DATA_"]);
  expect(await folder.read(`${branchFolder(repo, "Each", 2)}/ok.txt`)).toBe("good2\n");
});

test("error tolerance exceeded: two failed branches of three fail the run with States.ExceedToleratedFailureThreshold, and the branch still running is stopped", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/tolerance/T2";
  await folder.write("job.json", JSON.stringify({ id: "T2", items: ["slow1", "bad1", "bad2"] }));

  const result = await folder.run("wf/tolerance.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(1);
  expect(result.outcome).toMatchObject({ status: "FAILED", repository: repo, error: "States.ExceedToleratedFailureThreshold" });
  // slow1 did not fail: it was stopped when the others had failed.
  expect(result.outcome?.steps.find((s) => s.name === "Each")?.branches).toEqual({ total: 3, succeeded: 0, failed: 2, running: 0, aborted: 1 });
  expect(statuses(result.outcome)).toMatchObject({ Each: "failed", After: "pending" });
  expect(result.stderr).toContain("FAILED: States.ExceedToleratedFailureThreshold");
  expect(result.stderr).toMatch(/✗ Check\[1\] failed: .*\(exit 3\)/);
  expect(result.stderr).toMatch(/✗ Check\[2\] failed: .*\(exit 3\)/);
  expect(await folder.has(`${branchFolder(repo, "Each", 0)}/_control_/Check.complete`)).toBe(false);
  expect(await folder.has(`${repo}/Each_manifest.json`)).toBe(false);
  expect(await folder.has(`${repo}/after.json`)).toBe(false);
});
