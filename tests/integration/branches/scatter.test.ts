import { expect, it } from "vitest";
import { initializeBranch, parseBranchEvent, parseScatterEvent, startScatter, type ScatterResult } from "../../../shared/branches";
import { gatherOutputs, parseGatherEvent } from "../../../shared/gather";
import { readJobData, repositoryFromUri, type Repository } from "../../../shared/repository";
import { BUCKET, OTHER_BUCKET, describeOnEachStore, failureOf, type StoreContext } from "../stepLambdas/stores";

/** The scatter Lambda's event as the compiled `S` state sends it. */
function scatterEvent(repo: Repository, stepName: string, fields: { scatter: object; inputs?: object; outputs?: object }) {
  return parseScatterEvent({
    repo,
    scatter: JSON.stringify(fields.scatter),
    inputs: JSON.stringify(fields.inputs ?? {}),
    outputs: JSON.stringify(fields.outputs ?? {}),
    step_name: stepName,
    logging: { step_name: stepName },
  });
}

/** The item file's lines, parsed. */
async function itemsOf(context: StoreContext, result: ScatterResult): Promise<unknown[]> {
  const text = await context.read(`s3://${result.items.bucket}/${result.items.key}`);
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}

/** What the Distributed Map does with each line: scatter-init with the line's index and object. */
async function initializeBranches(context: StoreContext, result: ScatterResult): Promise<Repository[]> {
  const items = await itemsOf(context, result);
  const branches: Repository[] = [];
  for (const [index, item] of items.entries()) {
    branches.push(await initializeBranch(context.store, parseBranchEvent({ index: String(index), repo: result.repo, scatter: item })));
  }
  return branches;
}

describeOnEachStore("scatter and scatter-init", (context) => {
  it("expands a static list and an S3 glob into one branch per pair, each with its own job data, then gather collects them", async () => {
    const repo = await context.repoWith({ job: { run: "r1", samples: ["S1", "S2"] }, parent: { inherited: "from above" } });
    await context.put(`s3://${OTHER_BUCKET}/chunks/r1/chunk_1.txt`, "1");
    await context.put(`s3://${OTHER_BUCKET}/chunks/r1/chunk_2.txt`, "2");
    await context.put(`s3://${OTHER_BUCKET}/chunks/r1/chunk_3.txt.bak`, "not matched");
    await context.put(`s3://${OTHER_BUCKET}/chunks/r1/deeper/chunk_4.txt`, "not matched: * stops at /");

    const { result, branches } = await startScatter(
      context.store,
      scatterEvent(repo, "PerSample", {
        scatter: { sample: ["S1", "S2"], chunk: `s3://${OTHER_BUCKET}/chunks/\${job.run}/chunk_*.txt` },
        inputs: { config: "config.json", nested: "refs/${job.run}.fa", ref: `s3://${OTHER_BUCKET}/ref.fa` },
        outputs: { counts: "${job.run}.counts.txt" },
      }),
    );

    const scatterRepo = repositoryFromUri(`${repo.uri}/PerSample`);
    expect(branches).toBe(4);
    expect(result).toEqual({ items: { bucket: BUCKET, key: `${repo.prefix}/PerSample/items.jsonl` }, repo: scatterRepo });
    expect(await readJobData(context.store, scatterRepo)).toEqual({
      job: { run: "r1", samples: ["S1", "S2"] },
      scatter: {},
      parent: {
        inherited: "from above",
        config: `${repo.uri}/config.json`,
        nested: `${repo.uri}/refs/r1.fa`,
        ref: `s3://${OTHER_BUCKET}/ref.fa`,
        counts: "r1.counts.txt",
      },
    });
    const chunk = (n: number) => `s3://${OTHER_BUCKET}/chunks/r1/chunk_${n}.txt`;
    expect(await itemsOf(context, result)).toEqual([
      { sample: "S1", chunk: chunk(1) },
      { sample: "S1", chunk: chunk(2) },
      { sample: "S2", chunk: chunk(1) },
      { sample: "S2", chunk: chunk(2) },
    ]);

    const branchRepos = await initializeBranches(context, result);
    expect(branchRepos.map((branch) => branch.uri)).toEqual(["00000", "00001", "00002", "00003"].map((folder) => `${scatterRepo.uri}/${folder}`));
    const third = await readJobData(context.store, branchRepos[2]);
    expect(third.scatter).toEqual({ sample: "S2", chunk: chunk(1) });
    expect(third.parent.counts).toBe("r1.counts.txt");

    for (const branch of branchRepos) await context.put(`${branch.uri}/r1.counts.txt`, branch.prefix);
    await gatherOutputs(context.store, parseGatherEvent({ repo: repo.uri, outputs: JSON.stringify({ counts: "${job.run}.counts.txt" }), step_name: "PerSample" }));
    expect(JSON.parse(await context.read(`${repo.uri}/PerSample_manifest.json`))).toEqual({
      counts: branchRepos.map((branch) => `${branch.uri}/r1.counts.txt`),
    });
  });

  it("expands a glob relative to the repository and a job-data list, keeping the values' types", async () => {
    const repo = await context.repoWith({ job: { sizes: [1, 2.5, true] } });
    await context.put(`${repo.uri}/reads/a.fq`, "a");
    await context.put(`${repo.uri}/reads/b.fq`, "b");

    const { result } = await startScatter(context.store, scatterEvent(repo, "Each", { scatter: { size: "${job.sizes}", reads: "reads/*.fq" } }));

    const items = await itemsOf(context, result);
    expect(items).toHaveLength(6);
    expect(items.slice(0, 2)).toEqual([
      { size: 1, reads: `${repo.uri}/reads/a.fq` },
      { size: 1, reads: `${repo.uri}/reads/b.fq` },
    ]);
    expect(items.map((item) => (item as { size: unknown }).size)).toEqual([1, 1, 2.5, 2.5, true, true]);
  });

  it("names branch folders past 99,999 with all their digits", async () => {
    const repo = await context.repoWith({ job: { a: 1 } });
    const scatterRepo = repositoryFromUri(`${repo.uri}/Big`);
    await context.put(`${scatterRepo.uri}/_JOB_DATA_`, JSON.stringify({ job: { a: 1 }, scatter: {}, parent: { p: "q" } }));

    const branch = await initializeBranch(context.store, parseBranchEvent({ index: "100000", repo: scatterRepo, scatter: { x: [1, { y: null }] } }));

    expect(branch).toEqual(repositoryFromUri(`${scatterRepo.uri}/100000`));
    expect(await readJobData(context.store, branch)).toEqual({ job: { a: 1 }, scatter: { x: [1, { y: null }] }, parent: { p: "q" } });
  });

  it("fails naming the step and field when an input refers to job data that is not there", async () => {
    const repo = await context.repoWith({ job: {} });
    const error = await failureOf(startScatter(context.store, scatterEvent(repo, "S", { scatter: { x: [1] }, inputs: { config: "${job.config}" } })));

    expect(error.name).toBe("MissingValue");
    expect(error.message).toMatch(/^step 'S', field 'inputs.config': cannot substitute \$\{job.config\}/);
  });

  it("fails naming the step when a source cannot be expanded", async () => {
    const repo = await context.repoWith({ job: {} });
    const error = await failureOf(startScatter(context.store, scatterEvent(repo, "S", { scatter: { x: "${job.nope}" } })));

    expect(error.message).toMatch(/^step 'S': /);
    expect(error.name).toBe("MissingValue");
  });
});
