export type RepositoryErrorCode =
  /** A repository URI that is not `s3://bucket[/prefix]`, or whose prefix has `.`, `..` or empty parts. */
  | "InvalidRepository"
  /** A name inside a repository that would leave it (`..`) or is not a relative path. */
  | "InvalidName"
  /** The repository has no `_JOB_DATA_`. */
  | "MissingJobData"
  /** `_JOB_DATA_` is not JSON of the shape `{job, scatter, parent}`. */
  | "InvalidJobData";

/** A repository problem a user can act on; the message names the URI or name at fault. */
export class RepositoryError extends Error {
  constructor(
    readonly code: RepositoryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RepositoryError";
  }
}
