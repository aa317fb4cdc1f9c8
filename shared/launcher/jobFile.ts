import { formatS3Uri, type ObjectStore } from "../store";

/**
 * A job file is read whole and parsed, then written into the repository as job data that every
 * Lambda and runner of the run reads again; 16 MiB holds a list of 100,000 samples with room to
 * spare and keeps a 512 MB Lambda well inside its memory.
 */
export const MAX_JOB_FILE_BYTES = 16 * 1024 * 1024;

/** Where a job file lives: the launcher's event names the object and the upload (version) that started the run. */
export interface JobFileRef {
  bucket: string;
  key: string;
  /** The S3 version id; "" where the bucket keeps no versions (the latest content is read). */
  version: string;
}

export type JobFileErrorCode = "JobFileNotFound" | "JobFileTooLarge" | "InvalidJobFile";

/** A job file that cannot start a run; the message names the file (and its version). */
export class JobFileError extends Error {
  constructor(
    readonly code: JobFileErrorCode,
    readonly jobFile: JobFileRef,
    /** What is wrong with it, without naming it: for callers that name the file their own way. */
    readonly problem: string,
  ) {
    super(`job file ${describeJobFile(jobFile)} ${problem}`);
    this.name = code;
  }
}

/** `s3://bucket/key` plus the version, where there is one. */
export function describeJobFile({ bucket, key, version }: JobFileRef): string {
  return `${formatS3Uri(bucket, key)}${version ? ` (version ${version})` : ""}`;
}

/** The job data: the JSON object in the job file, in the version given. */
export async function readJobFile(store: ObjectStore, jobFile: JobFileRef): Promise<Record<string, unknown>> {
  const options = { versionId: jobFile.version || undefined };
  const info = await store.head(jobFile.bucket, jobFile.key, options);
  if (!info) throw new JobFileError("JobFileNotFound", jobFile, "does not exist");
  if (info.size > MAX_JOB_FILE_BYTES) {
    throw new JobFileError("JobFileTooLarge", jobFile, `is ${info.size} bytes; job files may hold at most ${MAX_JOB_FILE_BYTES}`);
  }
  const text = (await store.getBytes(jobFile.bucket, jobFile.key, options)).toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new JobFileError("InvalidJobFile", jobFile, "is empty: it must hold a JSON object");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new JobFileError("InvalidJobFile", jobFile, `is not valid JSON (${(error as Error).message.replace(/\r?\n/g, "\\n")})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new JobFileError("InvalidJobFile", jobFile, `must hold a JSON object, not ${jsonKind(data)}`);
  }
  return data as Record<string, unknown>;
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}
