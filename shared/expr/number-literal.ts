import { syntaxError } from "./errors";
import { MAX_INT_DIGITS } from "./limits";
import type { Locate } from "./source-locator";

const DIGITS = String.raw`\d(?:_?\d)*`;
const PREFIXED_INT = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DECIMAL = new RegExp(String.raw`(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?`, "y");
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

export interface ScannedNumber {
  readonly value: bigint | number;
  readonly end: number;
}

/** Scans a Python int or float literal starting at `start` (a digit, or a '.' before a digit). */
export function scanNumber(source: string, start: number, locate: Locate): ScannedNumber {
  const { text, prefixed } = matchNumber(source, start);
  const end = start + text.length;
  const following = source[end];
  if (following === "j" || following === "J") {
    throw syntaxError("complex number literals are not supported", locate(start));
  }
  if (following !== undefined && IDENTIFIER_CHAR.test(following)) {
    throw syntaxError(`invalid number literal '${text}${following}'`, locate(start));
  }
  const plain = text.replaceAll("_", "");
  if (prefixed) return { value: BigInt(plain), end };
  if (/[.eE]/.test(plain)) return { value: Number(plain), end };
  if (/^0+[1-9]/.test(plain)) {
    throw syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", locate(start));
  }
  if (plain.length > MAX_INT_DIGITS) {
    throw syntaxError(`integer literal has more than ${MAX_INT_DIGITS} digits`, locate(start));
  }
  return { value: BigInt(plain), end };
}

function matchNumber(source: string, start: number): { text: string; prefixed: boolean } {
  PREFIXED_INT.lastIndex = start;
  const prefixed = PREFIXED_INT.exec(source);
  if (prefixed) return { text: prefixed[0], prefixed: true };
  DECIMAL.lastIndex = start;
  return { text: DECIMAL.exec(source)![0], prefixed: false };
}
