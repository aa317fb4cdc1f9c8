import type { CopySpec, ImageSpec, OutputSpec } from "./types";

// The reference language's one-line shorthands. Each grammar is one regular expression, used both
// to read the text and, in the JSON Schema, to check it in editors.

/** "<name> +auth: <secret>", possibly spread over lines by a YAML block scalar. */
export const IMAGE_SHORTHAND = /^\s*(\S+?)(?:\s*\+auth:\s*(\S+))?\s*$/;

/** "<local path> [-> s3://bucket/folder/] [+tag1: v1 +tag2: v2 ...]"; tag values have no spaces (use the longhand for those). */
export const OUTPUT_SHORTHAND = /^\s*(\S+?)(?:\s*->\s*(s3:\/\/[^/\s]+\/(?:\S*\/)?))?((?:\s+\+[^\s:+]+:\s*\S+)*)\s*$/;
const OUTPUT_TAG = /\+([^\s:+]+):\s*(\S+)/g;

/** "<from> -> <to>" or "<file>" (copied under the same name). */
export const COPY_SPEC = /^\s*(\S+?)(?:\s*->\s*(\S+))?\s*$/;

export function parseImageShorthand(text: string): ImageSpec | undefined {
  const m = IMAGE_SHORTHAND.exec(text);
  if (!m) return undefined;
  return { name: m[1], ...(m[2] !== undefined && { auth: m[2] }) };
}

/** The output without its symbolic name, which the caller knows. */
export function parseOutputShorthand(text: string): Omit<OutputSpec, "name"> | undefined {
  const m = OUTPUT_SHORTHAND.exec(text);
  if (!m) return undefined;
  const s3Tags = Object.fromEntries([...m[3].matchAll(OUTPUT_TAG)].map((t) => [t[1], t[2]]));
  return { path: m[1], ...(m[2] !== undefined && { dest: m[2] }), s3Tags };
}

export function parseCopySpec(text: string): CopySpec | undefined {
  const m = COPY_SPEC.exec(text);
  return m ? { from: m[1], to: m[2] ?? m[1] } : undefined;
}
