import { createHash, randomBytes } from "node:crypto";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import type { OutputsArgument } from "../../../shared/compiler/runner";
import { parseS3Uri } from "../../../shared/store";
import { StagingError, stageOutputs } from "../../../runner-image/src/staging";
import { OTHER_BUCKET, describeOnEachStore, failureOf } from "../stepLambdas/stores";
import { freshFolder } from "./workspace";

const EXECUTION_ID = "exec-1234";

describeOnEachStore("stageOutputs", (context) => {
  const workspaceWith = async (files: Record<string, string | Buffer>) => {
    const workspace = await freshFolder();
    for (const [name, body] of Object.entries(files)) {
      await mkdir(dirname(join(workspace, name)), { recursive: true });
      await writeFile(join(workspace, name), body);
    }
    return workspace;
  };
  const output = (path: string, more: Partial<OutputsArgument[string]> = {}) => ({ path, s3Tags: {}, ...more });
  const stage = async (workspace: string, outputs: OutputsArgument, tags: Record<string, string> = {}) => {
    const repo = context.freshRepo();
    const warnings: string[] = [];
    const run = () => stageOutputs({ store: context.store, repo, outputs, workspace, tags, executionId: EXECUTION_ID, warn: (line) => warnings.push(line) });
    return { repo, warnings, run };
  };
  const head = (uri: string) => context.store.head(parseS3Uri(uri).bucket, parseS3Uri(uri).key);
  const tagsOf = (uri: string) => context.store.getTags(parseS3Uri(uri).bucket, parseS3Uri(uri).key);

  it("uploads each match under its file name to the repository or to its destination folder", async () => {
    const workspace = await workspaceWith({
      "result.txt": "r",
      "logs/a.log": "a",
      "logs/b.log": "bb",
      "logs/old/c.log": "not matched by logs/*.log",
      "deep/x/y/t.csv": "t",
      "deep/u.csv": "u",
    });
    const { repo, run } = await stage(workspace, {
      result: output("result.txt"),
      logs: output("logs/*.log", { dest: `s3://${OTHER_BUCKET}/reports/` }),
      tables: output("**/*.csv"),
    });

    const result = await run();

    expect(result.missing).toEqual([]);
    expect(result.uploaded.map(({ symbol, local, uri, bytes }) => [symbol, local, uri, bytes]).sort()).toEqual([
      ["logs", "logs/a.log", `s3://${OTHER_BUCKET}/reports/a.log`, 1],
      ["logs", "logs/b.log", `s3://${OTHER_BUCKET}/reports/b.log`, 2],
      ["result", "result.txt", `${repo.uri}/result.txt`, 1],
      ["tables", "deep/u.csv", `${repo.uri}/u.csv`, 1],
      ["tables", "deep/x/y/t.csv", `${repo.uri}/t.csv`, 1],
    ]);
    expect(await context.read(`${repo.uri}/t.csv`)).toBe("t");
    expect(await context.read(`s3://${OTHER_BUCKET}/reports/b.log`)).toBe("bb");
    expect(await context.exists(`s3://${OTHER_BUCKET}/reports/c.log`)).toBe(false);
  });

  it("records the execution id as metadata and tags each file with the step's tags overlaid by its own", async () => {
    const workspace = await workspaceWith({ "plain.txt": "p", "special.txt": "s" });
    const { repo, run } = await stage(
      workspace,
      { plain: output("plain.txt"), special: output("special.txt", { s3Tags: { retention: "forever", kind: "qc" } }) },
      { retention: "30d", project: "demo" },
    );

    await run();

    expect((await head(`${repo.uri}/plain.txt`))?.metadata).toEqual({ execution_id: EXECUTION_ID });
    expect(await tagsOf(`${repo.uri}/plain.txt`)).toEqual({ retention: "30d", project: "demo" });
    expect(await tagsOf(`${repo.uri}/special.txt`)).toEqual({ retention: "forever", project: "demo", kind: "qc" });
  });

  it("lists outputs that matched nothing, with a warning, and uploads the rest", async () => {
    const workspace = await workspaceWith({ "here.txt": "h" });
    const { repo, warnings, run } = await stage(workspace, { here: output("here.txt"), gone: output("gone.txt"), none: output("**/*.bam") });

    const result = await run();

    expect(result.missing).toEqual(["gone.txt", "**/*.bam"]);
    expect(warnings).toEqual(["no file matching 'gone.txt' found in workspace", "no file matching '**/*.bam' found in workspace"]);
    expect(result.uploaded.map((file) => file.uri)).toEqual([`${repo.uri}/here.txt`]);
  });

  it("refuses two files bound for one destination, uploading nothing", async () => {
    const workspace = await workspaceWith({ "a/r.txt": "a", "b/r.txt": "b", "other.txt": "o" });
    const { repo, run } = await stage(workspace, { other: output("other.txt"), reports: output("**/r.txt") });

    const error = await failureOf(run());

    expect((error as StagingError).code).toBe("NameClash");
    expect(error.message).toBe(`a/r.txt (output reports) and b/r.txt (output reports) would both be uploaded to ${repo.uri}/r.txt; rename one of them`);
    expect(await context.exists(`${repo.uri}/other.txt`)).toBe(false);
  });

  it("uploads a file two outputs both name once", async () => {
    const workspace = await workspaceWith({ "x.txt": "x" });
    const { run } = await stage(workspace, { exact: output("x.txt"), glob: output("*.txt") });
    expect((await run()).uploaded).toHaveLength(1);
  });

  it("refuses paths that lead out of the workspace", async () => {
    const outside = await workspaceWith({ "secret.txt": "s" });
    const workspace = await workspaceWith({});
    await symlink(join(outside, "secret.txt"), join(workspace, "link.txt"));
    for (const path of ["../secret.txt", "/etc/hostname", "sub/../../x", "*.txt"]) {
      const { run } = await stage(workspace, { out: output(path) });
      const error = await failureOf(run());
      expect((error as StagingError).code, path).toBe("EscapesWorkspace");
    }
  });

  it("streams a file larger than a read chunk and checks what arrived", async () => {
    const body = randomBytes(20 * 1024 * 1024 + 5);
    const workspace = await workspaceWith({ "big.bin": body });
    const { repo, run } = await stage(workspace, { big: output("big.bin") });

    const result = await run();

    expect(result.uploaded[0].bytes).toBe(body.length);
    const stored = await context.store.getBytes(parseS3Uri(`${repo.uri}/big.bin`).bucket, parseS3Uri(`${repo.uri}/big.bin`).key);
    expect(createHash("md5").update(stored).digest("hex")).toBe(createHash("md5").update(body).digest("hex"));
  });
});
