import { createHash } from "node:crypto";

/** Step Functions rejects state names longer than 80 characters. */
export const MAX_STATE_NAME_LENGTH = 80;
/** Hex digits of the hash that keeps shortened names apart (32 bits: collisions are far-fetched, and a duplicate state name is still caught). */
const HASH_DIGITS = 8;
/** Marks a state name as shortened; the hash follows it. */
const SHORTENED_MARK = "~";
/** What Batch job names, job definition names, Map labels and execution names all accept. */
const TOKEN_CHARS = /[^A-Za-z0-9_-]+/g;

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_DIGITS);
}

/**
 * The state name for `text` (a step name, or a generated one like `Split.initialize`): the text
 * itself when it fits, else a readable prefix plus a hash of the whole text. Deterministic, and two
 * different long texts get different names.
 */
export function stateName(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= MAX_STATE_NAME_LENGTH) return text;
  const prefix = chars.slice(0, MAX_STATE_NAME_LENGTH - HASH_DIGITS - SHORTENED_MARK.length).join("");
  return `${prefix}${SHORTENED_MARK}${shortHash(text)}`;
}

/**
 * `text` cut down to at most `max` characters of `[A-Za-z0-9_-]`, for AWS names with a strict
 * alphabet. Unchanged when it already fits; otherwise cleaned, cut and suffixed with a hash of the
 * original, so distinct texts stay distinct.
 */
export function boundedToken(text: string, max: number): string {
  if (text.length <= max && !/[^A-Za-z0-9_-]/.test(text)) return text;
  const suffix = `-${shortHash(text)}`;
  return text.replace(TOKEN_CHARS, "-").slice(0, max - suffix.length) + suffix;
}

/** CamelCase of the letter-and-digit runs: `align-reads_2` → `AlignReads2`. CloudFormation logical IDs allow only these. */
export function logicalId(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** Suffix of job definition logical IDs (and their DefinitionSubstitutions placeholders). */
export const JOB_DEFINITION_SUFFIX = "JobDef";

/** `<CamelCase(step)>JobDef`: the job definition's logical ID, also its placeholder name in the ASL. */
export function jobDefinitionLogicalId(stepName: string): string {
  return logicalId(stepName) + JOB_DEFINITION_SUFFIX;
}
