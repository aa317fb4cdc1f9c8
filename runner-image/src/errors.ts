export type RunnerErrorCode =
  /** A command-line argument the runner cannot use; the message names the flag. */
  | "BadArgument"
  /** A variable the runner needs is unset, or holds something it cannot use; the message names it. */
  | "BadEnvironment"
  /** The workspace cannot be placed where the child sees it: no host path for the scratch volume, or a folder outside it. */
  | "ScratchVolume"
  /** A QC result file is missing, not JSON, not an object, or one of its expressions cannot be evaluated. */
  | "QcCheck"
  /** QC conditions were hit but the execution could not be stopped. */
  | "QcStop";

/** One of the runner's own failures (exit 199); the message says what failed and where. */
export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RunnerError";
  }
}
