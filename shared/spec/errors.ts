import type { SourcePos } from "./types";

/** One problem in a workflow file, located precisely enough for a user to jump to it. */
export interface SpecError {
  pos: SourcePos;
  /** The step the problem is in, when it is in one. */
  step?: string;
  /** Dotted path of the field within the step (or the top level), e.g. "compute.memory". */
  field?: string;
  message: string;
}

/**
 * `wf.yaml:12:7: step 'Align', field 'compute.memory': expected a size like "4 Gb", got "lots"`;
 * without the position where there is no file to point into (a CloudFormation macro's fragment).
 */
export function formatSpecError(e: SpecError, opts: { position?: boolean } = {}): string {
  const where = [e.step !== undefined ? `step '${e.step}'` : "", e.field ? `field '${e.field}'` : ""]
    .filter(Boolean)
    .join(", ");
  const position = opts.position === false ? "" : `${e.pos.file}:${e.pos.line}:${e.pos.col}: `;
  return `${position}${where ? `${where}: ` : ""}${e.message}`;
}

/** Orders errors as they appear in the file, so a user fixes them top to bottom. */
export function sortSpecErrors(errors: SpecError[]): SpecError[] {
  return [...errors].sort((a, b) => a.pos.line - b.pos.line || a.pos.col - b.pos.col);
}

/** Renders any value the way a user wrote it, for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}
