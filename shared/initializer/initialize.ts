import { describeJobFile, readJobFile, type JobFileRef } from "../launcher";
import { objectAddress, repositoryFromUri, RepositoryError, SYSTEM_TAGS, writeJobData, type Repository } from "../repository";
import type { Services } from "../services/types";
import { EventFields, isRecord } from "../stepLambdas";
import { REPOSITORY_POLICY, substitute, SubstitutionError } from "../substitute";
import { launcherAreaOf } from "./launcherArea";

/** The job object every state of a run receives (reference-system.md b.3), as the initializer starts it. */
export interface JobObject {
  index: string;
  job_file: JobFileRef;
  repo: Repository;
  prev_outputs: Record<string, string>;
  /** The Batch fair-share identifier: the workflow name without anything but letters and digits. */
  share_id: string;
}

/** What the Initialize state sends (shared/compiler/initialize.ts). */
export interface InitializeEvent {
  workflow_name: string;
  repo_template: string;
  /** The execution's input: the launcher's `{job_file, index}`, or a parent run's job object for a subpipe. */
  input_obj: Record<string, unknown>;
}

/** Marks a subpipe's input: Step Functions' field linking a child execution to the parent that started it. */
const STARTED_BY_PARENT = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID";

/**
 * The first state of every run. A run started by the launcher gets its repository from the
 * workflow's template filled in from the job file, which is copied there (system-tagged) beside the
 * job data `{job, scatter: {}, parent: {}}`; the result becomes the job object. A subpipe's child
 * already has its repository from the parent: its input passes through unchanged.
 */
export async function initializeJob(services: Pick<Services, "store" | "settings">, event: unknown): Promise<JobObject | Record<string, unknown>> {
  const { workflow_name, repo_template, input_obj } = parseInitializeEvent(event);
  if (STARTED_BY_PARENT in input_obj) return input_obj;
  const jobFile = jobFileOf(input_obj);
  const job = await readJobFile(services.store, jobFile);
  const repo = resolveRepository(repo_template, job, jobFile);
  const launcherArea = launcherAreaOf(repo, jobFile, services.settings.launcherBucket);
  if (launcherArea) {
    throw new InitializeError(
      "RepositoryInLauncherFolder",
      `repository ${repo.uri} (from the template ${JSON.stringify(repo_template)} and job file ${describeJobFile(jobFile)}) ` +
        `is inside ${launcherArea}, where job files start runs: every file the run writes there could start another run; ` +
        `choose a repository outside it`,
    );
  }
  const basename = jobFile.key.slice(jobFile.key.lastIndexOf("/") + 1);
  await services.store.copy({ bucket: jobFile.bucket, key: jobFile.key, versionId: jobFile.version || undefined }, objectAddress(repo, basename), {
    tags: { ...SYSTEM_TAGS },
  });
  await writeJobData(services.store, repo, { job, scatter: {}, parent: {} });
  return {
    index: typeof input_obj.index === "string" ? input_obj.index : "main",
    job_file: jobFile,
    repo,
    prev_outputs: {},
    share_id: workflow_name.replace(/[^A-Za-z0-9]/g, ""),
  };
}

export type InitializeErrorCode = "RepositoryInLauncherFolder" | "InvalidRepository" | SubstitutionError["code"];

/** A repository the initializer cannot use; the code is also the error's name, which the failed execution shows. */
export class InitializeError extends Error {
  constructor(
    readonly code: InitializeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

export function parseInitializeEvent(event: unknown): InitializeEvent {
  const fields = new EventFields("initializer", event);
  return {
    workflow_name: fields.string("workflow_name"),
    repo_template: fields.string("repo_template"),
    input_obj: fields.object("input_obj"),
  };
}

/** The launcher's `job_file`; a version that is "" (an unversioned bucket) or left out (a hand-made input) means the latest. */
function jobFileOf(input: Record<string, unknown>): JobFileRef {
  const fields = new EventFields("initializer", input, "input_obj.").nested("job_file");
  const unversioned = isRecord(input.job_file) && input.job_file.version === "";
  return { bucket: fields.string("bucket"), key: fields.string("key"), version: unversioned ? "" : (fields.optionalString("version") ?? "") };
}

/** The repository the template names for this job: `${job.x}` filled in from the job file. */
function resolveRepository(template: string, job: Record<string, unknown>, jobFile: JobFileRef): Repository {
  const source = `job file ${describeJobFile(jobFile)}`;
  try {
    return repositoryFromUri(substitute(template, { job }, REPOSITORY_POLICY));
  } catch (error) {
    if (error instanceof SubstitutionError) throw new InitializeError(error.code, `${error.message} (${source})`, { cause: error });
    if (error instanceof RepositoryError) {
      throw new InitializeError("InvalidRepository", `the repository template ${JSON.stringify(template)} with ${source} gives no usable repository: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
