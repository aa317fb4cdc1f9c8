import { expect, it } from "vitest";
import { gatherOutputs, parseGatherEvent } from "../../../shared/gather";
import type { Repository } from "../../../shared/repository";
import { BUCKET, describeOnEachStore, failureOf, type StoreContext } from "../stepLambdas/stores";

/** A gather event as the compiled `S.gather` state sends it. */
function gatherEvent(repo: Repository, stepName: string, outputs: Record<string, string>) {
  return parseGatherEvent({ repo: repo.uri, outputs: JSON.stringify(outputs), step_name: stepName, logging: { step_name: stepName } });
}

/** Writes the scatter step's item file with `branches` lines, as the scatter Lambda does. */
async function writeItems(context: StoreContext, repo: Repository, stepName: string, branches: number): Promise<void> {
  const lines = Array.from({ length: branches }, (_, i) => `${JSON.stringify({ n: i })}\n`).join("");
  await context.put(`${repo.uri}/${stepName}/items.jsonl`, lines);
}

describeOnEachStore("gather", (context) => {
  it("maps each output to its file in every branch, in branch order, and returns the manifest's name", async () => {
    const repo = await context.repoWith({ job: { sample: "S1" } });
    await writeItems(context, repo, "PerSample", 3);
    for (const branch of ["00000", "00001", "00002"]) {
      await context.put(`${repo.uri}/PerSample/${branch}/counts.txt`, branch);
      await context.put(`${repo.uri}/PerSample/${branch}/S1.report.json`, "{}");
    }

    const outcome = await gatherOutputs(context.store, gatherEvent(repo, "PerSample", { counts: "counts.txt", report: "${job.sample}.report.json" }));

    expect(outcome).toEqual({ result: { manifest: "PerSample_manifest.json" }, branches: 3, warnings: [] });
    expect(JSON.parse(await context.read(`${repo.uri}/PerSample_manifest.json`))).toEqual({
      counts: [0, 1, 2].map((i) => `s3://${BUCKET}/${repo.prefix}/PerSample/0000${i}/counts.txt`),
      report: [0, 1, 2].map((i) => `s3://${BUCKET}/${repo.prefix}/PerSample/0000${i}/S1.report.json`),
    });
  });

  it("leaves out a sibling step sharing the name's prefix, files deeper in a branch, and branch folders of an earlier, larger run", async () => {
    const repo = await context.repoWith({});
    await writeItems(context, repo, "Step", 2);
    await context.put(`${repo.uri}/Step/00000/out.txt`, "mine");
    await context.put(`${repo.uri}/Step/00001/out.txt`, "mine");
    await context.put(`${repo.uri}/Step/00001/Child/out.txt`, "a subpipe's file");
    await context.put(`${repo.uri}/Step/00002/out.txt`, "left over from a run with 3 items");
    await context.put(`${repo.uri}/Step2/00000/out.txt`, "the sibling's");
    await context.put(`${repo.uri}/Step_b/00000/out.txt`, "another sibling's");

    await gatherOutputs(context.store, gatherEvent(repo, "Step", { out: "out.txt" }));

    expect(JSON.parse(await context.read(`${repo.uri}/Step_manifest.json`))).toEqual({
      out: [`${repo.uri}/Step/00000/out.txt`, `${repo.uri}/Step/00001/out.txt`],
    });
  });

  it("omits missing files and warns with the branches that lack them; an output no branch has gets an empty list", async () => {
    const repo = await context.repoWith({});
    await writeItems(context, repo, "Scatter", 14);
    for (const branch of [0, 5, 13]) await context.put(`${repo.uri}/Scatter/${String(branch).padStart(5, "0")}/a.txt`, "a");

    const outcome = await gatherOutputs(context.store, gatherEvent(repo, "Scatter", { a: "a.txt", never: "never.txt" }));

    expect(JSON.parse(await context.read(`${repo.uri}/Scatter_manifest.json`))).toEqual({
      a: [0, 5, 13].map((i) => `${repo.uri}/Scatter/${String(i).padStart(5, "0")}/a.txt`),
      never: [],
    });
    expect(outcome.warnings).toEqual([
      "step 'Scatter', output 'a': no file named a.txt in 11 of 14 branches (00001, 00002, 00003, 00004, 00006, 00007, 00008, 00009, 00010, 00011, and 1 more); the manifest lists the others",
      "step 'Scatter', output 'never': no file named never.txt in 14 of 14 branches (00000, 00001, 00002, 00003, 00004, 00005, 00006, 00007, 00008, 00009, and 4 more); the manifest lists the others",
    ]);
  });

  it("returns {} and writes nothing when the step gathers no outputs", async () => {
    const repo = await context.repoWith({});

    expect((await gatherOutputs(context.store, gatherEvent(repo, "Quiet", {}))).result).toEqual({});
    expect(await context.exists(`${repo.uri}/Quiet_manifest.json`)).toBe(false);
  });

  it("writes an empty list per output when the scatter ran no branches", async () => {
    const repo = await context.repoWith({});
    await writeItems(context, repo, "Nothing", 0);

    await gatherOutputs(context.store, gatherEvent(repo, "Nothing", { out: "out.txt" }));
    expect(JSON.parse(await context.read(`${repo.uri}/Nothing_manifest.json`))).toEqual({ out: [] });
  });

  it("fails naming the item file when the scatter step wrote none", async () => {
    const repo = await context.repoWith({});

    const error = await failureOf(gatherOutputs(context.store, gatherEvent(repo, "NoItems", { out: "out.txt" })));
    expect(error.name).toBe("MissingFile");
    expect(error.message).toBe(
      `step 'NoItems': cannot gather: the scatter step's item file ${repo.uri}/NoItems/items.jsonl does not exist, so which branches ran is unknown`,
    );
  });

  it("fails naming the step and field when an output name refers to job data that is not there", async () => {
    const repo = await context.repoWith({ job: {} });
    await writeItems(context, repo, "S", 1);

    const error = await failureOf(gatherOutputs(context.store, gatherEvent(repo, "S", { out: "${job.missing}.txt" })));
    expect(error.name).toBe("MissingValue");
    expect(error.message).toMatch(/^step 'S', field 'outputs.out': cannot substitute \$\{job.missing\}/);
  });

  it("does not tag the manifest as a system file: it is the next step's input", async () => {
    const repo = await context.repoWith({});
    await writeItems(context, repo, "T", 1);
    await gatherOutputs(context.store, gatherEvent(repo, "T", { out: "out.txt" }));
    const tags = await context.store.getTags(BUCKET, `${repo.prefix}/T_manifest.json`);
    expect(tags).toEqual({});
  });
});
