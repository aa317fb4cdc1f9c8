import { expect, test } from "vitest";
import { RunFolder } from "./support";

/** What a run that never started leaves: nothing on stdout, no step logs, no repository, no workspace. */
async function expectNothingStarted(folder: RunFolder, result: { stdout: string; stderr: string }): Promise<void> {
  expect(result.stdout).toBe("");
  expect(result.stderr).not.toContain("started arn:");
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect((await folder.logs()).filter((name) => name.endsWith(".log"))).toEqual([]);
  expect((await folder.buckets()).filter((bucket) => bucket !== "stepbatch-launcher")).toEqual([]);
}

test.each([
  ["not JSON", "jobs/not-json.json", "sample_id: S1\n", /not valid JSON/],
  ["a JSON array", "jobs/array.json", '["S1", "S2"]\n', /must hold a JSON object, not a list/],
  ["empty", "jobs/empty.json", "", /is empty/],
])("a job file that is %s is refused with exit 2, naming the file and the problem, and nothing starts", async (_, path, content, problem) => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write(path, content);

  const result = await folder.run("wf/inputs.yaml", path, "--executor", "local");

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(problem);
  // The file as the user named it on the command line.
  expect(result.stderr).toContain(path);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  await expectNothingStarted(folder, result);
});

test("a job file that does not exist is refused with exit 2", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();

  const result = await folder.run("wf/inputs.yaml", "jobs/missing.json", "--executor", "local");

  expect(result.code).toBe(2);
  expect(result.stderr).toBe("stepbatch run: jobs/missing.json: no such file\n");
  await expectNothingStarted(folder, result);
});

test("an invalid workflow is refused with exit 2 and a file:line:col message naming the step and field", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write("job.json", JSON.stringify({ id: "V1" }));

  const result = await folder.run("wf/invalid.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^(\S*\/)?wf\/invalid\.yaml:9:7: step 'Only', field 'colour': unknown field/);
  await expectNothingStarted(folder, result);
});

test("a subpipe whose workflow is nowhere is refused with exit 2, naming the files looked for", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write("job.json", JSON.stringify({ id: "M1" }));

  const result = await folder.run("wf/missing-subpipe.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/missing-subpipe\.yaml: subpipe workflow 'no-such-child' not found/);
  expect(result.stderr).toContain("no-such-child.yaml or no-such-child.yml");
  expect(result.stderr).toContain("--workflow no-such-child=FILE");
  await expectNothingStarted(folder, result);
});

test("a subpipe found only through --workflow is refused without it", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  await folder.write("job.json", JSON.stringify({ id: "P1" }));

  const result = await folder.run("wf/subpipes.yaml", "job.json", "--executor", "local");

  expect(result.code).toBe(2);
  expect(result.stderr).toContain("subpipe workflow 'relocated' not found: expected relocated.yaml or relocated.yml beside it, or --workflow relocated=FILE");
  await expectNothingStarted(folder, result);
});
