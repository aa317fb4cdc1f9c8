import type { SubstitutionErrorCode } from "../substitute";

export type StepLambdaErrorCode =
  /** The event is not what the compiled state machine sends (a stepbatch bug or a hand-made event). */
  | "BadEvent"
  /** A file name in a step field that locates no object: an s3:// URI without a key, a relative name leaving the repository. */
  | "BadName"
  /** A file the step names is not in the object store. */
  | "MissingFile"
  /** A file that must hold JSON (a chooser input, a subpipe's job data) does not. */
  | "BadJson"
  /** A chooser expression that does not parse or fails while it is evaluated. */
  | "ExpressionFailed"
  /** A `${job.x}` reference in a step field that the job data cannot fill. */
  | SubstitutionErrorCode;

/**
 * A step Lambda's failure. The code is also the error's name, which Lambda reports as the error type,
 * so the failed execution shows it (e.g. `MissingFile`) beside the message.
 */
export class StepLambdaError extends Error {
  constructor(
    readonly code: StepLambdaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

/** Where in the workflow a value came from: a step, and a field of it when there is one. */
export interface Location {
  step: string;
  field?: string;
}

/** `step 'Align', field 'inputs.reads'`, the form spec errors use. */
export function describeLocation({ step, field }: Location): string {
  return field === undefined ? `step '${step}'` : `step '${step}', field '${field}'`;
}
