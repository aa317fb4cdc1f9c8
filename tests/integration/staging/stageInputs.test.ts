import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { RepositoryError } from "../../../shared/repository";
import type { ObjectStore } from "../../../shared/store";
import { StagingError, stageInputs } from "../../../runner-image/src/staging";
import { BUCKET, OTHER_BUCKET, describeOnEachStore, failureOf } from "../stepLambdas/stores";
import { filesIn, freshFolder } from "./workspace";

describeOnEachStore("stageInputs", (context) => {
  const stage = async (inputs: Record<string, string>, options: { store?: ObjectStore; workspace?: string } = {}) => {
    const repo = context.freshRepo();
    const workspace = options.workspace ?? (await freshFolder());
    const warnings: string[] = [];
    const run = () => stageInputs({ store: options.store ?? context.store, repo, inputs, workspace, warn: (line) => warnings.push(line) });
    return { repo, workspace, warnings, run };
  };

  it("downloads exact inputs under their file names: repository paths keep their folders, s3:// URIs are taken as they are", async () => {
    const { repo, workspace, run } = await stage({ reads: "sub/reads.fq", config: `s3://${OTHER_BUCKET}/shared/config.json` });
    await context.put(`${repo.uri}/sub/reads.fq`, "ACGT\n");
    await context.put(`${repo.uri}/reads.fq`, "the reference runner would have read this one\n");
    await context.put(`s3://${OTHER_BUCKET}/shared/config.json`, "{}");

    const result = await run();

    expect(result).toEqual({ localNames: { reads: "reads.fq", config: "config.json" }, files: 2, bytes: 7, missing: [] });
    expect(await filesIn(workspace)).toEqual(["config.json", "reads.fq"]);
    expect(await readFile(join(workspace, "reads.fq"), "utf8")).toBe("ACGT\n");
  });

  it("looks exact inputs up with a HEAD, never a listing", async () => {
    const calls: string[] = [];
    const recording = new Proxy(context.store, {
      get: (store, name: keyof ObjectStore) =>
        typeof store[name] === "function" ? (...args: unknown[]) => (calls.push(name), (store[name] as (...a: unknown[]) => unknown).apply(store, args)) : store[name],
    });
    const { repo, run } = await stage({ one: "one.txt", gone: "gone.txt" }, { store: recording });
    await context.put(`${repo.uri}/one.txt`, "1");

    await failureOf(run());

    expect(calls).not.toContain("list");
    expect(calls).not.toContain("listPage");
    expect(calls.filter((call) => call === "head")).toHaveLength(2);
  });

  it("expands globs from the listing: * and ? stay within a folder, ** crosses folders, and commands see the pattern", async () => {
    const { repo, workspace, run } = await stage({ flat: "data/*.txt", deep: "deep/**/r?.csv", picked: `s3://${BUCKET}/picks/[ab].bin` });
    for (const name of ["data/a.txt", "data/b.txt", "data/sub/c.txt", "deep/r1.csv", "deep/x/y/r2.csv", "deep/x/r10.csv"]) {
      await context.put(`${repo.uri}/${name}`, name);
    }
    for (const name of ["a.bin", "b.bin", "c.bin"]) await context.put(`s3://${BUCKET}/picks/${name}`, name);

    const result = await run();

    expect(result.localNames).toEqual({ flat: "*.txt", deep: "r?.csv", picked: "[ab].bin" });
    expect(await filesIn(workspace)).toEqual(["a.bin", "a.txt", "b.bin", "b.txt", "r1.csv", "r2.csv"]);
    expect(await readFile(join(workspace, "r2.csv"), "utf8")).toBe("deep/x/y/r2.csv");
    expect(result.files).toBe(6);
  });

  it("skips a missing optional input with a warning and no file", async () => {
    const { repo, workspace, warnings, run } = await stage({ "extra?": "extra.txt", "more?": "more/*.txt", main: "main.txt" });
    await context.put(`${repo.uri}/main.txt`, "m");

    const result = await run();

    expect(result.localNames).toEqual({ extra: "extra.txt", more: "*.txt", main: "main.txt" });
    expect(result.missing).toEqual([`${repo.uri}/extra.txt`, `${repo.uri}/more/*.txt`]);
    expect(warnings).toEqual([`optional file not found: ${repo.uri}/extra.txt; skipping`, `optional file not found: ${repo.uri}/more/*.txt; skipping`]);
    expect(await filesIn(workspace)).toEqual(["main.txt"]);
  });

  it("fails on a missing required input, naming its URI, before downloading anything", async () => {
    const { repo, workspace, run } = await stage({ here: "here.txt", gone: "gone.txt", none: "none/*.txt" });
    await context.put(`${repo.uri}/here.txt`, "h");

    const error = await failureOf(run());

    expect(error).toBeInstanceOf(StagingError);
    expect((error as StagingError).code).toBe("MissingInput");
    expect(error.message).toBe(`required input not found: gone: ${repo.uri}/gone.txt does not exist; none: ${repo.uri}/none/*.txt matches no objects`);
    expect(await filesIn(workspace)).toEqual([]);
  });

  it("refuses two different objects landing on one file name, and stages one object named twice once", async () => {
    const clash = await stage({ left: "a/x.txt", right: "b/x.txt" });
    await context.put(`${clash.repo.uri}/a/x.txt`, "a");
    await context.put(`${clash.repo.uri}/b/x.txt`, "b");
    const error = await failureOf(clash.run());
    expect((error as StagingError).code).toBe("NameClash");
    expect(error.message).toContain(`${clash.repo.uri}/a/x.txt and ${clash.repo.uri}/b/x.txt (input right) would both be saved as x.txt`);
    expect(await filesIn(clash.workspace)).toEqual([]);

    const globClash = await stage({ all: "**/x.txt" });
    await context.put(`${globClash.repo.uri}/a/x.txt`, "a");
    await context.put(`${globClash.repo.uri}/b/x.txt`, "b");
    expect(((await failureOf(globClash.run())) as StagingError).code).toBe("NameClash");

    const twice = await stage({ one: "x.txt", again: "x.txt", glob: "x.*" });
    await context.put(`${twice.repo.uri}/x.txt`, "x");
    expect(await twice.run()).toMatchObject({ files: 1, localNames: { one: "x.txt", again: "x.txt", glob: "x.*" } });
  });

  it("never overwrites a file already in the workspace", async () => {
    const workspace = await freshFolder();
    await writeFile(join(workspace, "genome.fa"), "a reference linked earlier");
    const { repo, run } = await stage({ g: "genome.fa" }, { workspace });
    await context.put(`${repo.uri}/genome.fa`, "an input");

    const error = await failureOf(run());

    expect((error as StagingError).code).toBe("NameClash");
    expect(await readFile(join(workspace, "genome.fa"), "utf8")).toBe("a reference linked earlier");
  });

  it("refuses objects whose file name would not be a file of the workspace", async () => {
    const { run } = await stage({ up: `s3://${BUCKET}/some/..` });
    const error = await failureOf(run());
    expect((error as StagingError).code).toBe("EscapesWorkspace");
    expect(error.message).toContain(`s3://${BUCKET}/some/.. would be saved as ".."`);
  });

  it("refuses a relative input name that would leave the repository", async () => {
    const { run } = await stage({ up: "../other-run/x.txt" });
    const error = await failureOf(run());
    expect(error).toBeInstanceOf(RepositoryError);
    expect((error as RepositoryError).code).toBe("InvalidName");
  });

  it("reports an invalid glob as such", async () => {
    const { run } = await stage({ bad: "x[z-a].txt" });
    const error = await failureOf(run());
    expect((error as StagingError).code).toBe("InvalidPattern");
    expect(error.message).toContain("input bad: the glob");
  });
});
