export type SubstitutionErrorCode =
  /** The path is not in the data, or its value is null. */
  | "MissingValue"
  /** `${job.…}` whose path does not parse, e.g. `${job.a b}` or `${job.x:-default}`. */
  | "BadReference"
  /** A root this context cannot see, e.g. `${scatter.x}` in the repository template. */
  | "RootNotAllowed"
  /** A list or object where the context needs text, e.g. in the repository template. */
  | "UnrenderableValue";

/** Longest piece of the substituted text quoted in a message: enough to find the spot, short enough to read. */
const MAX_QUOTED_TEXT = 120;

/** A reference that this context's policy cannot substitute; the message names the reference, the path and the context. */
export class SubstitutionError extends Error {
  constructor(
    readonly code: SubstitutionErrorCode,
    /** The path as written, without `${` `}` or `!`, e.g. `job.a.b`. */
    readonly path: string,
    /** The policy's context, e.g. "the repository template". */
    readonly context: string,
    reason: string,
    text: string,
  ) {
    super(`cannot substitute \${${path}} in ${context} ${quote(text)}: ${reason}`);
    this.name = "SubstitutionError";
  }
}

function quote(text: string): string {
  const shown = text.length > MAX_QUOTED_TEXT ? `${text.slice(0, MAX_QUOTED_TEXT)}…` : text;
  return JSON.stringify(shown);
}
