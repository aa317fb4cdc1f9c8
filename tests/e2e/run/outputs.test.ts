import { expect, test } from "vitest";
import { RunFolder } from "./support";

test("outputs with `->` destinations land there, with their tags, and not in the repository; an output without one stays in the repository", async () => {
  const folder = await RunFolder.create();
  await folder.fixtures();
  const repo = "s3://stepbatch-e2e/destinations/D1";
  const published = "s3://stepbatch-e2e-published";
  await folder.write("job.json", JSON.stringify({ id: "D1" }));

  const result = await folder.run("wf/destinations.yaml", "job.json", "--executor", "local");

  expect(result.code, result.stderr).toBe(0);
  expect(result.outcome).toMatchObject({ status: "SUCCEEDED", repository: repo });
  // The bucket did not exist before the run: the directory store makes it on first write.
  expect(await folder.list(published)).toEqual(["parts/a.part", "parts/b.part", "reports/D1/report-D1.txt", "tables/table.tsv"]);
  expect(await folder.read(`${published}/reports/D1/report-D1.txt`)).toBe("report D1\n");
  expect(await folder.read(`${published}/tables/table.tsv`)).toBe("table\n");
  expect(await folder.read(`${published}/parts/b.part`)).toBe("b\n");
  expect(await folder.tags(`${published}/reports/D1/report-D1.txt`)).toEqual({ project: "e2e", retention: "short" });
  expect(await folder.tags(`${published}/tables/table.tsv`)).toEqual({ project: "e2e" });
  expect(await folder.list(repo)).toEqual(["_JOB_DATA_", "_control_/Publish.complete", "job.json", "kept.txt"]);
  expect(await folder.read(`${repo}/kept.txt`)).toBe("kept\n");
});
