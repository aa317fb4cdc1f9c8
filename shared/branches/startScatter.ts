import { readJobData, subRepository, writeJobData, type Repository } from "../repository";
import { ScatterError, expandScatter } from "../scatter";
import { describeLocation, fileIn, substituteFields } from "../stepLambdas";
import type { ObjectStore } from "../store";
import { ITEM_FILE_NAME } from "./branchFolder";
import type { ScatterRequest } from "./events";

/** What the compiled state machine keeps at `$.scatter`: the Distributed Map reads `items`, and each branch starts in `repo`. */
export interface ScatterResult {
  items: { bucket: string; key: string };
  /** The scatter step's repository, `<repo>/<step>`. */
  repo: Repository;
}

export interface ScatterOutcome {
  result: ScatterResult;
  /** How many branches the Map will run. */
  branches: number;
}

/**
 * The scatter step's first state: writes the branch job data template to `<repo>/<step>/_JOB_DATA_`
 * (the parent's job, and as `parent` the parent's own `parent` values, the step's inputs as full
 * S3 URIs and its output names) and expands the scatter sources into `<repo>/<step>/items.jsonl`.
 */
export async function startScatter(store: ObjectStore, request: ScatterRequest): Promise<ScatterOutcome> {
  const { repo, stepName } = request;
  const jobData = await readJobData(store, repo);
  const scatterRepo = subRepository(repo, stepName);
  const inputs = substituteFields(request.inputs, jobData, { step: stepName, field: "inputs" });
  const qualifiedInputs = Object.fromEntries(
    Object.entries(inputs).map(([name, file]) => [name, fileIn(repo, file, { step: stepName, field: `inputs.${name}` }).uri]),
  );
  const outputs = substituteFields(request.outputs, jobData, { step: stepName, field: "outputs" });
  await writeJobData(store, scatterRepo, {
    job: jobData.job,
    scatter: {},
    parent: { ...jobData.parent, ...qualifiedInputs, ...outputs },
  });
  const { bucket, key } = fileIn(scatterRepo, ITEM_FILE_NAME, { step: stepName });
  const { items } = await expandScatter({ store, repo, scatter: request.scatter, jobData, itemFile: { bucket, key } }).catch((error: unknown) => {
    throw error instanceof ScatterError ? error.placedAt(describeLocation({ step: stepName })) : error;
  });
  return { result: { items: { bucket, key }, repo: scatterRepo }, branches: items };
}
