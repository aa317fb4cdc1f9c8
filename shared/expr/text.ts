import { pythonError } from "./errors";
import { MAX_SEQUENCE_LENGTH } from "./limits";

/** Python indexes strings by code point; JS by UTF-16 unit. These helpers convert between the two. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** The code point index of a UTF-16 offset into `text`. */
export function codePointIndex(text: string, utf16Offset: number): number {
  return codePointLength(text.slice(0, utf16Offset));
}

/** Python's whitespace (str.isspace), which JS's \s does not quite match. */
export const PYTHON_WHITESPACE = new Set(
  Array.from("\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"),
);

/** Compares by code point, as Python does (JS compares UTF-16 units, which differ above U+FFFF). */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    if (left.charCodeAt(i) === right.charCodeAt(i)) continue;
    const insidePair = i > 0 && /[\ud800-\udbff]/.test(left[i - 1]!);
    const a = insidePair ? left.charCodeAt(i) : left.codePointAt(i)!;
    const b = insidePair ? right.charCodeAt(i) : right.codePointAt(i)!;
    return a < b ? -1 : 1;
  }
  return Math.sign(left.length - right.length);
}

/** Refuses a string, list or tuple longer than the sequence limit before it is built. */
export function limitSequenceLength(length: number | bigint): void {
  if (length > MAX_SEQUENCE_LENGTH) {
    throw pythonError("OverflowError", `result would hold ${length} items, more than the limit of ${MAX_SEQUENCE_LENGTH}`);
  }
}
