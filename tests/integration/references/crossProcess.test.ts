import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { DirectoryStore } from "../../../shared/store";
import { freshFolder } from "../staging/workspace";

const CHILD = fileURLToPath(new URL("./linkInChild.ts", import.meta.url));

it("downloads a reference once when jobs in two processes link it at the same time", async () => {
  const root = await freshFolder("store");
  await mkdir(join(root, "refs"));
  await new DirectoryStore(root).put("refs", "genome.fa", "g".repeat(4 * 1024 * 1024));
  const cacheDir = await freshFolder("cache");
  const workspaces = [await freshFolder(), await freshFolder()];

  const runs = await Promise.all(
    workspaces.map((workspace) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", CHILD, root, "s3://refs/genome.fa", workspace, cacheDir]),
    ),
  );

  const fetched = runs.flatMap((run) => (JSON.parse(run.stdout) as { fetched: string[] }).fetched);
  expect(fetched).toEqual(["s3://refs/genome.fa"]);
  for (const workspace of workspaces) expect((await readFile(join(workspace, "genome.fa"))).length).toBe(4 * 1024 * 1024);
});
