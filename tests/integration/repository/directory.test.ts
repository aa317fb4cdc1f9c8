import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectoryStore } from "../../../shared/store";
import { BUCKET, describeRepositoryOnStore } from "./repository-store";

describeRepositoryOnStore("DirectoryStore", async () => {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-repository-"));
  await mkdir(join(root, BUCKET));
  return { store: new DirectoryStore(root), stop: () => rm(root, { recursive: true, force: true }) };
});
