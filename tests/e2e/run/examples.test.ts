import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { executionName, executorsToTest, REPO_ROOT, RunFolder, statuses } from "./support";

const EXECUTORS = await executorsToTest("the examples through `stepbatch run`");
/** A step in a container takes a second or two to start; the scatter example starts eight. */
const DOCKER_RUN_TIMEOUT_MS = 120_000;
const LOCAL_RUN_TIMEOUT_MS = 30_000;

const exampleJob = async (name: string) => JSON.parse(await readFile(join(REPO_ROOT, "examples", name, "job.json"), "utf8"));
const lineCount = (text: string) => text.split("\n").length - 1;

describe.each(EXECUTORS)("the examples through stepbatch run --executor %s", (executor) => {
  const timeout = executor === "docker" ? DOCKER_RUN_TIMEOUT_MS : LOCAL_RUN_TIMEOUT_MS;
  const run = (folder: RunFolder, name: string) => folder.run(`examples/${name}/workflow.yaml`, `examples/${name}/job.json`, "--executor", executor);

  test("linear: counts, reports to another bucket with tags, and marks both steps complete", { timeout }, async () => {
    const folder = await RunFolder.create();
    await folder.example("linear");
    const job = await exampleJob("linear");
    const repo = "s3://stepbatch-demo/linear/S1";

    const result = await run(folder, "linear");

    expect(result.code, result.stderr).toBe(0);
    expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "linear", repository: repo });
    expect(statuses(result.outcome)).toEqual({ Count: "succeeded", Report: "succeeded" });
    expect(await folder.readJson(`${repo}/_JOB_DATA_`)).toEqual({ job, scatter: {}, parent: {} });
    expect(JSON.parse(await folder.read(`${repo}/job.json`))).toEqual(job);
    const lines = lineCount(await folder.read("s3://stepbatch-demo/inputs/S1.fastq"));
    expect((await folder.read(`${repo}/counts.txt`)).trim().split("\n").map((l) => l.trim())).toEqual([String(lines), "sample S1"]);
    // The report goes to its `->` destination, not the repository, with the workflow's and its own tags.
    const report = "s3://stepbatch-demo/reports/report-S1.txt";
    expect(await folder.read(report)).toBe(`report for S1: ${lines} lines\n`);
    expect(await folder.has(`${repo}/report-S1.txt`)).toBe(false);
    expect(await folder.tags(report)).toEqual({ project: "demo", retention: "short" });
    for (const step of ["Count", "Report"]) {
      const marker = `${repo}/_control_/${step}.complete`;
      expect(await folder.read(marker), marker).toBe("");
      expect(await folder.tags(marker)).toEqual({ "bclaw.system": "true" });
      expect(await folder.metadata(marker)).toEqual({ execution_id: executionName(result.outcome) });
    }
    // notes.txt is an optional input that is nowhere: Count ran without it, and its log says so.
    const countLog = (await folder.logs()).find((name) => name.includes("__Count."));
    expect(await folder.log(countLog!)).toContain("optional file not found: s3://stepbatch-demo/linear/S1/notes.txt");
  });

  test("scatter: one branch per sample and chunk, each with its job data and counts, gathered into the manifest", { timeout }, async () => {
    const folder = await RunFolder.create();
    await folder.example("scatter");
    const job = await exampleJob("scatter");
    const repo = "s3://stepbatch-demo/scatter/run1";
    const chunks = ["chunk_1.txt", "chunk_2.txt"].map((c) => `s3://stepbatch-demo/chunks/run1/${c}`);

    const result = await run(folder, "scatter");

    expect(result.code, result.stderr).toBe(0);
    expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "scatter", repository: repo });
    expect(result.outcome?.steps.find((s) => s.name === "PerSample")?.branches).toEqual({ total: 6, succeeded: 6, failed: 0, running: 0, aborted: 0 });
    expect(await folder.read(`${repo}/config.txt`)).toBe("3\n");
    const parent = { config: `${repo}/config.txt`, counts: "counts.txt" };
    expect(await folder.readJson(`${repo}/PerSample/_JOB_DATA_`)).toEqual({ job, scatter: {}, parent });
    // The Cartesian product, samples outermost, in the order the sources list them.
    const items = job.samples.flatMap((sample: string) => chunks.map((chunk) => ({ sample, chunk })));
    const branches = items.map((_: unknown, i: number) => `${repo}/PerSample/${String(i).padStart(5, "0")}`);
    for (const [i, branch] of branches.entries()) {
      expect(await folder.readJson(`${branch}/_JOB_DATA_`)).toEqual({ job, scatter: items[i], parent });
      const lines = lineCount(await folder.read(items[i].chunk));
      expect((await folder.read(`${branch}/counts.txt`)).split("\n").map((l) => l.trim())).toEqual([String(lines), `${items[i].sample} threshold 3`, ""]);
      expect(await folder.has(`${branch}/_control_/Count.complete`)).toBe(true);
    }
    const manifest = { counts: branches.map((b: string) => `${b}/counts.txt`) };
    expect(await folder.readJson(`${repo}/PerSample_manifest.json`)).toEqual(manifest);
    // Summarize got the manifest through auto-inputs.
    expect(await folder.readJson(`${repo}/summary.json`)).toEqual(manifest);
    expect(await folder.list(`${repo}/_control_`)).toEqual(["MakeConfig.complete", "Summarize.complete"]);
  });

  test("branching, fast mode: the chooser takes FastPath, whose subpipe's result is retrieved", { timeout }, async () => {
    const folder = await RunFolder.create();
    await folder.example("branching");
    const repo = "s3://stepbatch-demo/branching/B1";

    const result = await run(folder, "branching");

    expect(result.code, result.stderr).toBe(0);
    expect(result.outcome).toMatchObject({ status: "SUCCEEDED", workflow: "branching", repository: repo });
    expect(statuses(result.outcome)).toMatchObject({ Inspect: "succeeded", Route: "succeeded", FastPath: "succeeded", Finish: "succeeded", Deep: "pending", TooShallow: "pending" });
    const stats = await folder.readJson(`${repo}/stats.json`);
    expect(stats).toEqual({ kind: "paired", depth: 42.5, flags: ["x", "y"] });
    // The subpipe ran in the FastPath folder with stats.json as its job, and fast_result.txt came back renamed.
    expect(await folder.readJson(`${repo}/FastPath/_JOB_DATA_`)).toEqual({ job: stats, scatter: {}, parent: {} });
    expect(await folder.read(`${repo}/FastPath/fast_result.txt`)).toBe("fast path for paired at depth 42.5\n");
    expect(await folder.has(`${repo}/FastPath/_control_/Quick.complete`)).toBe(true);
    expect(await folder.read(`${repo}/fast_B1.txt`)).toBe("fast path for paired at depth 42.5\n");
    expect(await folder.has(`${repo}/paired.txt`)).toBe(false);
  });
});

describe("the branching example's other routes (local executor)", () => {
  test("a job not in fast mode takes Deep, where the parallel chooser runs Pair (its condition holds) and the unconditional Wait", async () => {
    const folder = await RunFolder.create();
    await folder.example("branching");
    await folder.write("deep.json", JSON.stringify({ id: "B2", mode: "thorough" }));
    const repo = "s3://stepbatch-demo/branching/B2";

    const result = await folder.run("examples/branching/workflow.yaml", "deep.json", "--executor", "local");

    expect(result.code, result.stderr).toBe(0);
    expect(result.outcome).toMatchObject({ status: "SUCCEEDED", repository: repo });
    expect(statuses(result.outcome)).toMatchObject({ Route: "succeeded", Deep: "succeeded", Pair: "succeeded", Settle: "succeeded", FastPath: "pending", Finish: "succeeded" });
    expect(await folder.read(`${repo}/paired.txt`)).toBe("paired\n");
    expect(await folder.list(`${repo}/_control_`)).toEqual(["Inspect.complete", "Pair.complete"]);
    expect(await folder.has(`${repo}/FastPath/_JOB_DATA_`)).toBe(false);
  });

  test("shallow data takes TooShallow: the native Fail ends the run with its error and cause", async () => {
    const folder = await RunFolder.create();
    await folder.example("branching");
    // Inspect writes the stats itself; a copy of the workflow whose Inspect reports a depth under 10.
    const workflow = join(folder.dir, "examples/branching/workflow.yaml");
    const text = await readFile(workflow, "utf8");
    expect(text).toContain('"depth": 42.5');
    await folder.write("examples/branching/workflow.yaml", text.replace('"depth": 42.5', '"depth": 3'));
    const repo = "s3://stepbatch-demo/branching/B1";

    const result = await folder.run("examples/branching/workflow.yaml", "examples/branching/job.json", "--executor", "local");

    expect(result.code).toBe(1);
    expect(result.outcome).toMatchObject({ status: "FAILED", repository: repo, error: "ShallowData", cause: "depth below threshold" });
    expect(statuses(result.outcome)).toMatchObject({ Route: "succeeded", TooShallow: "failed", Deep: "pending", FastPath: "pending", Finish: "pending" });
    expect(result.stderr).toContain("FAILED: ShallowData — depth below threshold");
    expect(await folder.readJson(`${repo}/stats.json`)).toMatchObject({ depth: 3 });
    expect(await folder.list(repo)).toEqual(["_JOB_DATA_", "_control_/Inspect.complete", "job.json", "stats.json"]);
  });
});
