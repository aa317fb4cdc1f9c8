export type StagingErrorCode =
  /** A required input, or a reference, names an object that does not exist. */
  | "MissingInput"
  /** Two different files would land on the same name: in the workspace, or at one upload destination. */
  | "NameClash"
  /** A name that would lead out of the workspace: `..` parts, an absolute path, a link pointing outside. */
  | "EscapesWorkspace"
  /** A glob that is not a valid pattern (a class like `[z-a]`). */
  | "InvalidPattern"
  /** A download or upload that failed after its retries. */
  | "TransferFailed"
  /** What arrived differs from what the store holds (size, or MD5 against a single-part ETag). */
  | "VerificationFailed"
  /** Another job held a reference cache entry's lock for longer than the runner waits. */
  | "CacheLockTimeout";

/** A staging problem a user can act on; the message names the URI or file at fault. */
export class StagingError extends Error {
  constructor(
    readonly code: StagingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StagingError";
  }
}
