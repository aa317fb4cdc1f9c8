import { expect, test } from "vitest";
import { RunFolder, statuses } from "./support";

test("subpipes with retrieve: one workflow beside the parent, one given with --workflow NAME=FILE, each run in its step's folder", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/subpipes/P1";
  await folder.write("job.json", JSON.stringify({ id: "P1" }));

  const result = await folder.run("wf/subpipes.yaml", "job.json", "--executor", "local", "--workflow", "relocated=wf/elsewhere/relocated-child.yaml");

  expect(result.code, result.stderr).toBe(0);
  expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "subpipes", repository: repo });
  expect(statuses(result.outcome)).toEqual({ Prepare: "succeeded", Beside: "succeeded", Relocated: "succeeded" });
  // Beside: the child's job is the parent's child_job.json; its result comes back renamed.
  expect(await folder.readJson(`${repo}/Beside/_JOB_DATA_`)).toEqual({ job: { sample: "P1-child", depth: 7 }, scatter: {}, parent: {} });
  expect(await folder.read(`${repo}/Beside/result.txt`)).toBe("child ran for P1-child at depth 7\n");
  expect(await folder.has(`${repo}/Beside/_control_/Work.complete`)).toBe(true);
  expect(await folder.read(`${repo}/beside_P1.txt`)).toBe("child ran for P1-child at depth 7\n");
  // Relocated: no job_data, so the child gets the parent's job; note.txt comes back as it is.
  expect(await folder.readJson(`${repo}/Relocated/_JOB_DATA_`)).toEqual({ job: { id: "P1" }, scatter: {}, parent: {} });
  expect(await folder.read(`${repo}/note.txt`)).toBe("relocated child for P1\n");
  expect(await folder.has(`${repo}/Relocated/_control_/Note.complete`)).toBe(true);
  // The children's own Repository templates are not used.
  expect(await folder.list("s3://stepbatch-e2e/never-used")).toEqual([]);
});
