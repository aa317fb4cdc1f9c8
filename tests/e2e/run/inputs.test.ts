import { expect, test } from "vitest";
import { RunFolder, statuses } from "./support";

test("auto-inputs and optional inputs: a present optional input is staged, a missing one is skipped, and a step without inputs gets the previous step's outputs", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/inputs/I1";
  await folder.seed({ "s3://stepbatch-e2e-data/reads/r1.fq": "read one\nread two\n", [`${repo}/notes.txt`]: "a note\n" });
  await folder.write("job.json", JSON.stringify({ id: "I1", reads: "s3://stepbatch-e2e-data/reads/r1.fq" }));

  const result = await folder.run("wf/inputs.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(0);
  expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "inputs", repository: repo });
  expect(statuses(result.outcome)).toEqual({ Gather: "succeeded", Combine: "succeeded" });
  expect(await folder.read(`${repo}/merged.txt`)).toBe("read one\nread two\na note\n");
  expect(await folder.read(`${repo}/extra_seen.txt`)).toBe("absent\n");
  expect(await folder.read(`${repo}/combined.txt`)).toBe("read one\nread two\na note\nabsent\n");
  expect(await folder.list(`${repo}/_control_`)).toEqual(["Combine.complete", "Gather.complete"]);
  const gatherLog = (await folder.logs()).find((name) => name.includes("__Gather."));
  expect(await folder.log(gatherLog!)).toContain(`optional file not found: ${repo}/extra.txt`);
});

test("a missing required input fails the step, naming the file", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write("job.json", JSON.stringify({ id: "I2", reads: "s3://stepbatch-e2e-data/reads/nowhere.fq" }));

  const result = await folder.run("wf/inputs.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(1);
  expect(result.outcome).toMatchObject({ status: "FAILED" });
  expect(statuses(result.outcome)).toEqual({ Gather: "failed", Combine: "pending" });
  expect(result.stderr).toMatch(/✗ Gather failed/);
  expect(result.stderr).toContain("s3://stepbatch-e2e-data/reads/nowhere.fq");
  expect(await folder.list("s3://stepbatch-e2e/inputs/I2/_control_")).toEqual([]);
});
