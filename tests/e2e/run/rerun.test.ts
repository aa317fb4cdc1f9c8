import { expect, test } from "vitest";
import { RunFolder, statuses } from "./support";

test("skip on rerun: a second run of the same job file is a new execution into the same repository, where the completed step is skipped and the other runs again", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/rerun/R1";
  await folder.write("job.json", JSON.stringify({ id: "R1" }));

  const first = await folder.run("wf/rerun.yaml", "job.json", "--executor", "local");
  expect(first.code, first.stderr).toBe(0);
  const once = await folder.mtimeNs(`${repo}/once.txt`);
  const always = await folder.mtimeNs(`${repo}/always.txt`);

  const second = await folder.run("wf/rerun.yaml", "job.json", "--executor", "local");

  expect(second.code, second.stderr).toBe(0);
  expect(second.outcome).toMatchObject({ status: "SUCCEEDED", repository: repo });
  expect(second.outcome?.execution).not.toBe(first.outcome?.execution);
  expect(statuses(second.outcome)).toEqual({ Once: "succeeded", Always: "succeeded" });
  expect(await folder.mtimeNs(`${repo}/once.txt`)).toBe(once);
  expect(await folder.mtimeNs(`${repo}/always.txt`)).toBeGreaterThan(always);
  expect(await folder.read(`${repo}/always.txt`)).toBe("once for R1\n");
  // The second execution's Once attempt says why it did nothing; its Always attempt did the work.
  const execution = second.outcome!.execution.split(":").at(-1)!;
  const logs = (await folder.logs()).filter((name) => name.startsWith(`${execution}__`));
  const onceLog = await folder.log(logs.find((name) => name.includes("__Once."))!);
  expect(onceLog).toContain(`skipped: step Once already completed in ${repo} (skip on rerun)`);
  expect(await folder.log(logs.find((name) => name.includes("__Always."))!)).not.toContain("skipped");
  expect(await folder.list(`${repo}/_control_`)).toEqual(["Always.complete", "Once.complete"]);
});
