import type { CopySpec, ImageSpec, OutputSpec } from "./types";

// The reference language's one-line shorthands. Each parser returns undefined when the text does not
// fit, and the caller reports what was expected.

/** "<name> +auth: <secret>", possibly spread over lines by a YAML block scalar. */
export function parseImageShorthand(text: string): ImageSpec | undefined {
  const [name, ...rest] = text.split("+auth:");
  if (rest.length > 1) return undefined;
  const image = name.trim();
  if (!image || /\s/.test(image)) return undefined;
  if (rest.length === 0) return { name: image };
  const auth = rest[0].trim();
  return auth && !/\s/.test(auth) ? { name: image, auth } : undefined;
}

/** "<local path> [-> s3://bucket/folder/] [+tag1: v1 +tag2: v2 ...]" */
export function parseOutputShorthand(name: string, text: string): OutputSpec | undefined {
  const [head, ...tagParts] = text.trim().split(/\s+\+(?=[^\s:]+:)/);
  const m = /^(\S+)(?:\s*->\s*(\S+))?$/.exec(head.trim());
  if (!m) return undefined;
  const s3Tags: Record<string, string> = {};
  for (const part of tagParts) {
    const colon = part.indexOf(":");
    const value = part.slice(colon + 1).trim();
    if (!value) return undefined;
    s3Tags[part.slice(0, colon)] = value;
  }
  return { name, path: m[1], ...(m[2] !== undefined && { dest: m[2] }), s3Tags };
}

/** "<from> -> <to>" or "<file>" (copied under the same name). */
export function parseCopySpec(text: string): CopySpec | undefined {
  const m = /^\s*(\S+)(?:\s*->\s*(\S+))?\s*$/.exec(text);
  return m ? { from: m[1], to: m[2] ?? m[1] } : undefined;
}
