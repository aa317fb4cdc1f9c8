import { branchFolderName, ITEM_FILE_NAME } from "../branches/branchFolder";
import { readJobData, subRepository, type Repository } from "../repository";
import { STORE_REQUEST_CONCURRENCY, StepLambdaError, fileIn, mapConcurrently, substituteFields } from "../stepLambdas";
import { NoSuchKey, type ObjectStore } from "../store";
import { countJsonLines } from "./countItems";
import type { GatherRequest } from "./events";

/** What the compiled state machine stores at `$.prev_outputs`: the manifest's name, so the next step's auto-inputs get `${manifest}`. */
export type GatherResult = { manifest: string } | Record<string, never>;

export interface GatherOutcome {
  result: GatherResult;
  /** How many branches the scatter step ran. */
  branches: number;
  /** One line per output that some branches lack. */
  warnings: string[];
}

/** Branch folders a warning names before it says how many more lack the file: enough to start looking. */
const MAX_MISSING_SHOWN = 10;

export function manifestName(stepName: string): string {
  return `${stepName}_manifest.json`;
}

/**
 * The scatter step's last state: writes `<repo>/<step>_manifest.json`, which maps each output name
 * to the URIs of that file in every branch that has it, in branch order.
 *
 * The branches are those of this run: as many as the item file has lines, so neither a sibling step
 * whose name starts with this one's (`Step2/` beside `Step/`) nor a branch folder left by an earlier,
 * larger run of the same repository is swept in. Each expected `<branch>/<file>` is looked up with
 * one HEAD, at most STORE_REQUEST_CONCURRENCY at a time: the cost is branches × outputs requests in
 * parallel, whatever else the branches wrote, where listing the step's folder (as the reference did)
 * costs one sequential request per 1,000 objects of every kind.
 */
export async function gatherOutputs(store: ObjectStore, request: GatherRequest): Promise<GatherOutcome> {
  const { repo, stepName } = request;
  if (Object.keys(request.outputs).length === 0) return { result: {}, branches: 0, warnings: [] };
  const jobData = await readJobData(store, repo);
  const outputs = Object.entries(substituteFields(request.outputs, jobData, { step: stepName, field: "outputs" }));
  const scatterRepo = subRepository(repo, stepName);
  const branches = await countBranches(store, scatterRepo, stepName);

  const lookups = Array.from({ length: branches }, (_, branch) => outputs.map(([name, file]) => ({ branch, name, file }))).flat();
  const found = await mapConcurrently(lookups, STORE_REQUEST_CONCURRENCY, async ({ branch, file }) => {
    const { uri, bucket, key } = fileIn(subRepository(scatterRepo, branchFolderName(branch)), file, { step: stepName, field: "outputs" });
    return (await store.head(bucket, key)) === null ? null : uri;
  });

  const manifest: Record<string, string[]> = Object.fromEntries(outputs.map(([name]) => [name, []]));
  const missing = new Map<string, number[]>(outputs.map(([name]) => [name, []]));
  lookups.forEach(({ branch, name }, i) => {
    const uri = found[i];
    if (uri === null) missing.get(name)!.push(branch);
    else manifest[name].push(uri);
  });

  const manifestFile = manifestName(stepName);
  const { bucket, key } = fileIn(repo, manifestFile, { step: stepName });
  await store.put(bucket, key, JSON.stringify(manifest), { contentType: "application/json" });
  const warnings = outputs.flatMap(([name, file]) => describeMissing(stepName, name, file, missing.get(name)!, branches));
  return { result: { manifest: manifestFile }, branches, warnings };
}

/** The number of branches: the records in the scatter step's item file. */
async function countBranches(store: ObjectStore, scatterRepo: Repository, stepName: string): Promise<number> {
  const { uri, bucket, key } = fileIn(scatterRepo, ITEM_FILE_NAME, { step: stepName });
  try {
    return await countJsonLines(await store.get(bucket, key));
  } catch (error) {
    if (!(error instanceof NoSuchKey)) throw error;
    throw new StepLambdaError(
      "MissingFile",
      `step '${stepName}': cannot gather: the scatter step's item file ${uri} does not exist, so which branches ran is unknown`,
      { cause: error },
    );
  }
}

function describeMissing(stepName: string, name: string, file: string, branches: number[], total: number): string[] {
  if (branches.length === 0) return [];
  const shown = branches.slice(0, MAX_MISSING_SHOWN).map(branchFolderName).join(", ");
  const more = branches.length > MAX_MISSING_SHOWN ? `, and ${branches.length - MAX_MISSING_SHOWN} more` : "";
  return [`step '${stepName}', output '${name}': no file named ${file} in ${branches.length} of ${total} branches (${shown}${more}); the manifest lists the others`];
}
