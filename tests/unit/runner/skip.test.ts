import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repositoryFromUri, writeMarker } from "../../../shared/repository";
import { DirectoryStore } from "../../../shared/store";
import { skipDecision } from "../../../runner-image/src/skip";

const repo = repositoryFromUri("s3://bucket/run1");
let root: string;
let store: DirectoryStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "stepbatch-skip-"));
  await mkdir(join(root, "bucket"));
  await mkdir(join(root, "other"));
  store = new DirectoryStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const outputs = {
  bam: { path: "work/s1.bam", s3Tags: {} },
  report: { path: "report.html", dest: "s3://other/reports", s3Tags: {} },
};

describe("skipDecision", () => {
  it("skips on rerun only when the step's marker exists", async () => {
    const decide = () => skipDecision({ store, repo, stepName: "Align", mode: "rerun", outputs: {} });
    expect(await decide()).toEqual({ skip: false });
    await writeMarker(store, repo, "Align", "exec-1");
    expect(await decide()).toMatchObject({ skip: true });
    expect(await skipDecision({ store, repo, stepName: "Align", mode: "none", outputs: {} })).toEqual({ skip: false });
  });

  it("skips on output only when every output is where its upload would go (base name, or under dest)", async () => {
    const decide = () => skipDecision({ store, repo, stepName: "Align", mode: "output", outputs });
    await store.put("bucket", "run1/s1.bam", "bam");
    expect(await decide()).toEqual({ skip: false });
    await store.put("other", "reports/report.html", "html");
    expect(await decide()).toMatchObject({ skip: true });
  });

  it("never skips on output for a glob or for no outputs at all", async () => {
    await store.put("bucket", "run1/a.txt", "a");
    expect(await skipDecision({ store, repo, stepName: "S", mode: "output", outputs: { txt: { path: "*.txt", s3Tags: {} } } })).toEqual({ skip: false });
    expect(await skipDecision({ store, repo, stepName: "S", mode: "output", outputs: {} })).toEqual({ skip: false });
  });

  it("runs the step, with a warning, when the check itself fails", async () => {
    const missingBucket = repositoryFromUri("s3://no-such-bucket/run1");
    const decision = await skipDecision({ store, repo: missingBucket, stepName: "Align", mode: "rerun", outputs: {} });
    expect(decision).toMatchObject({ skip: false, warning: expect.stringContaining("cannot tell whether the step can be skipped") });
  });
});
