import { posix } from "node:path";
import type { OutputsArgument, SkipArgument } from "../../shared/compiler/runner";
import { markerExists, objectAddress, type Repository } from "../../shared/repository";
import { isGlob } from "../../shared/scatter";
import { parseS3Uri, type ObjectStore } from "../../shared/store";

export type SkipDecision = { skip: true; reason: string } | { skip: false; warning?: string };

/**
 * Whether the step can be skipped (reference-system.md d.2 step 2): `rerun` when its completion
 * marker exists; `output` when it has outputs, none is a glob, and every one is already where the
 * upload would put it. A store error while checking means "not run": running again is safe,
 * skipping wrongly is not. `outputs` are the substituted ones, so `${job.x}` in a name counts. (The reference skipped a step with no outputs; the compiler refuses
 * that, and the runner runs it.)
 */
export async function skipDecision(options: {
  store: ObjectStore;
  repo: Repository;
  stepName: string;
  mode: SkipArgument;
  outputs: OutputsArgument;
}): Promise<SkipDecision> {
  const { store, repo, stepName, mode, outputs } = options;
  try {
    if (mode === "rerun") {
      return (await markerExists(store, repo, stepName))
        ? { skip: true, reason: `step ${stepName} already completed in ${repo.uri} (skip on rerun)` }
        : { skip: false };
    }
    if (mode === "output") {
      return (await allOutputsExist(store, repo, outputs)) ? { skip: true, reason: "all its outputs exist (skip if output exists)" } : { skip: false };
    }
    return { skip: false };
  } catch (error) {
    return { skip: false, warning: `cannot tell whether the step can be skipped, so it runs: ${(error as Error).message}` };
  }
}

async function allOutputsExist(store: ObjectStore, repo: Repository, outputs: OutputsArgument): Promise<boolean> {
  const specs = Object.values(outputs);
  if (specs.length === 0 || specs.some((spec) => isGlob(spec.path))) return false;
  for (const spec of specs) {
    const { bucket, key } = uploadAddress(repo, spec);
    if ((await store.head(bucket, key)) === null) return false;
  }
  return true;
}

/** Where an output that is one file is uploaded: its base name in the repository, or in its `dest` folder. */
function uploadAddress(repo: Repository, spec: OutputsArgument[string]): { bucket: string; key: string } {
  const name = posix.basename(spec.path);
  if (spec.dest === undefined) return objectAddress(repo, name);
  return parseS3Uri(spec.dest.endsWith("/") ? `${spec.dest}${name}` : `${spec.dest}/${name}`);
}
