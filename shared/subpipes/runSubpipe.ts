import { readJobData, subRepository, writeJobData, type JobData, type Repository } from "../repository";
import { describeValue } from "../spec/errors";
import { StepLambdaError, describeLocation, fileIn, isRecord, readJsonFile, substituteField } from "../stepLambdas";
import type { ObjectStore } from "../store";
import { copyFiles, type CopiedFile } from "./copyFiles";
import type { RetrieveRequest, SubmitRequest, SubpipeRequest } from "./events";

/** `$.subpipe` in the compiled state machine: the child execution runs in `sub_repo`. */
export interface SubmitResult {
  sub_repo: Repository;
}

export interface SubpipeOutcome {
  /** What the Lambda returns; retrieve's is discarded by the state machine (`ResultSelector: {}`). */
  result: SubmitResult | Record<string, never>;
  copied: CopiedFile[];
}

export function runSubpipe(store: ObjectStore, request: SubpipeRequest): Promise<SubpipeOutcome> {
  return request.mode === "submit" ? submitSubpipe(store, request) : retrieveSubpipe(store, request);
}

/**
 * Prepares the child's repository `<repo>/<step>`: its job data is `{job, parent: {}, scatter: {}}`
 * with the job read from `job_data` (a file of the parent's repository or an s3:// URI), or the
 * parent's own job; then the `submit` files are copied from the parent's repository into it.
 */
export async function submitSubpipe(store: ObjectStore, request: SubmitRequest): Promise<SubpipeOutcome> {
  const parentData = await readJobData(store, request.repo);
  const subRepo = subRepository(request.repo, request.stepName);
  const job = request.jobData === undefined ? parentData.job : await readChildJob(store, request.repo, request.jobData, request.stepName, parentData);
  await writeJobData(store, subRepo, { job, parent: {}, scatter: {} });
  const copied = await copyFiles(store, {
    specs: request.submit,
    source: request.repo,
    destination: subRepo,
    jobData: parentData,
    step: request.stepName,
    field: "submit",
  });
  return { result: { sub_repo: subRepo }, copied };
}

/** Copies the `retrieve` files from the child's repository back into the parent's; `${job.x}` comes from the parent's job data. */
export async function retrieveSubpipe(store: ObjectStore, request: RetrieveRequest): Promise<SubpipeOutcome> {
  const parentData = await readJobData(store, request.repo);
  const copied = await copyFiles(store, {
    specs: request.retrieve,
    source: request.subRepo,
    destination: request.repo,
    jobData: parentData,
    step: request.stepName,
    field: "retrieve",
  });
  return { result: {}, copied };
}

async function readChildJob(store: ObjectStore, repo: Repository, name: string, step: string, parentData: JobData): Promise<Record<string, unknown>> {
  const where = { step, field: "job_data" };
  const file = fileIn(repo, substituteField(name, parentData, where), where);
  const job = await readJsonFile(store, file, where);
  if (!isRecord(job)) {
    throw new StepLambdaError("BadJson", `${describeLocation(where)}: ${file.uri} must hold a JSON object (a job file), got ${describeValue(job)}`);
  }
  return job;
}
