import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DirectoryStore } from "../../../shared/store";
import { BUCKET, OTHER_BUCKET, describeExpandScatter } from "./expand-suite";

describeExpandScatter("DirectoryStore", async () => {
  const root = await mkdtemp(join(tmpdir(), "stepbatch-scatter-"));
  for (const bucket of [BUCKET, OTHER_BUCKET]) await mkdir(join(root, bucket));
  return { store: new DirectoryStore(root), stop: () => rm(root, { recursive: true, force: true }) };
});
