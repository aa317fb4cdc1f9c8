import { LAMBDA_POLICY, lookupPath, substitute } from "../substitute";
import { describeValue } from "./describeValue";
import { ScatterError } from "./errors";

/** `${job.x}`, `${parent.x}`, `${scatter.x}` as the substitution engine recognises them. */
const REFERENCE = /\$\{((?:job|scatter|parent)[.[][^}]*)\}/g;

export type Resolved = { kind: "list"; values: unknown[] } | { kind: "text"; text: string };

/**
 * A source text with its job-data references resolved. A text that is one reference and nothing
 * else may name a list (the items) or a text; a reference inside a longer text must name a text,
 * which is spliced in. The resulting text is a file name, glob or `@file`, never substituted again.
 */
export function resolveReferences(text: string, jobData: unknown): Resolved {
  const references = [...text.matchAll(REFERENCE)];
  if (references.length === 0) return { kind: "text", text };
  const whole = references.length === 1 && references[0][0] === text;
  for (const [reference, path] of references) {
    const lookup = lookupPath(jobData, path);
    if (!lookup.found || lookup.value === null) {
      throw new ScatterError("MissingValue", `${reference} not found in the job data`);
    }
    const { value } = lookup;
    if (whole && Array.isArray(value)) return { kind: "list", values: value };
    if (typeof value !== "string") {
      const wanted = whole
        ? "a list (the items) or a text (a file name, glob or @file)"
        : "a text to splice in (a list is scattered over only when the reference is the whole source)";
      throw new ScatterError("BadValueType", `${reference} is ${describeValue(value)}; expected ${wanted}`);
    }
  }
  return { kind: "text", text: substitute(text, jobData, LAMBDA_POLICY) };
}
