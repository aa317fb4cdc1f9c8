export type TemplateErrorCode =
  /** An intrinsic function the local resolver does not evaluate (only Ref and Fn::Sub are). */
  | "UnsupportedIntrinsic"
  /** A Ref or `${Name}` that names nothing the template or the local place defines. */
  | "UnknownReference"
  /** A job definition whose shape the local Batch cannot run (a field missing or of the wrong type). */
  | "BadJobDefinition";

/**
 * A compiled template that a local run cannot use. The message names the template path of the
 * offending value (`Resources.AlignJobDef.Properties...`) and what to do about it.
 */
export class TemplateError extends Error {
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
