import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A new empty folder, removed after the file's tests. */
export async function freshFolder(name = "workspace", parent = tmpdir()): Promise<string> {
  const folder = await mkdtemp(join(parent, `stepbatch-staging-${name}-`));
  made.push(folder);
  return folder;
}

/** The files under `folder`, as sorted relative paths. */
export async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}
