import { NoSuchKey, type ObjectStore } from "../store";
import { RepositoryError } from "./errors";
import { keyIn, qualify, type Repository } from "./repository";
import { SYSTEM_TAGS } from "./systemTags";

/** The file in every repository that holds its job data. */
export const JOB_DATA_NAME = "_JOB_DATA_";

/** What `${job.x}`, `${scatter.x}` and `${parent.x}` look up. */
export interface JobData {
  /** The job file's contents. */
  job: unknown;
  /** Inside a scatter branch: the branch's item; elsewhere `{}`. */
  scatter: Record<string, unknown>;
  /** Inside a scatter branch: the scatter step's qualified inputs and its output names; elsewhere `{}`. */
  parent: Record<string, unknown>;
}

/** The repository's job data; a RepositoryError naming the file when it is missing or not job data. */
export async function readJobData(store: ObjectStore, repo: Repository): Promise<JobData> {
  const uri = qualify(repo, JOB_DATA_NAME);
  let bytes: Buffer;
  try {
    bytes = await store.getBytes(repo.bucket, keyIn(repo, JOB_DATA_NAME, { folder: false }));
  } catch (error) {
    if (!(error instanceof NoSuchKey)) throw error;
    throw new RepositoryError("MissingJobData", `job data ${uri} does not exist: has the workflow's Initialize step run for this repository?`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new RepositoryError("InvalidJobData", `job data ${uri} is not JSON: ${(error as Error).message}`);
  }
  const problem = jobDataProblem(parsed);
  if (problem) throw new RepositoryError("InvalidJobData", `job data ${uri} is not valid: ${problem}`);
  return parsed as JobData;
}

/** Writes the repository's job data as JSON, tagged as a system file. */
export async function writeJobData(store: ObjectStore, repo: Repository, data: JobData): Promise<void> {
  await store.put(repo.bucket, keyIn(repo, JOB_DATA_NAME, { folder: false }), JSON.stringify(data), {
    contentType: "application/json",
    tags: { ...SYSTEM_TAGS },
  });
}

function jobDataProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "expected a JSON object {job, scatter, parent}";
  if (!Object.hasOwn(value, "job")) return "it has no job";
  for (const field of ["scatter", "parent"]) {
    if (!isRecord(value[field])) return `its ${field} is not an object`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
