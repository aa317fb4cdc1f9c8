import { forbidden, syntaxError } from "./errors";
import type { Locate } from "./source-locator";

const SIMPLE_ESCAPES = new Map([
  ["\\", "\\"],
  ["'", "'"],
  ['"', '"'],
  ["a", "\x07"],
  ["b", "\b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ["v", "\v"],
]);
const HEX_ESCAPE_LENGTHS = new Map([
  ["x", 2],
  ["u", 4],
  ["U", 8],
]);
const OCTAL_DIGITS = /[0-7]{1,3}/y;
const VALID_PREFIXES = new Set(["", "r", "u", "b", "br", "rb", "f", "fr", "rf"]);

export interface ScannedString {
  readonly value: string;
  readonly end: number;
}

export function isStringPrefix(text: string): boolean {
  return VALID_PREFIXES.has(text.toLowerCase());
}

/** Scans a Python string literal whose prefix (r, u, b, f…) starts at `start` and whose quote is at `quoteAt`. */
export function scanString(source: string, start: number, quoteAt: number, locate: Locate): ScannedString {
  const prefix = source.slice(start, quoteAt).toLowerCase();
  if (prefix.includes("f")) {
    throw forbidden("f-strings are not supported; build strings with + and str()", locate(start));
  }
  if (prefix.includes("b")) throw forbidden("bytes literals are not supported", locate(start));
  const raw = prefix.includes("r");
  const quote = source[quoteAt]!;
  const triple = source.startsWith(quote.repeat(3), quoteAt);
  const closing = triple ? quote.repeat(3) : quote;
  let value = "";
  let i = quoteAt + closing.length;
  for (;;) {
    const char = source[i];
    if (char === undefined || (!triple && (char === "\n" || char === "\r"))) {
      const what = triple ? "triple-quoted string" : "string";
      throw syntaxError(`unterminated ${what} starting`, locate(start));
    }
    if (source.startsWith(closing, i)) return { value, end: i + closing.length };
    if (char !== "\\") {
      value += char;
      i++;
    } else if (raw) {
      // A raw string keeps the backslash, but the backslash still stops the next quote from closing it.
      value += source.slice(i, i + 2);
      i += 2;
    } else {
      const escape = decodeEscape(source, i, locate);
      value += escape.value;
      i = escape.end;
    }
  }
}

function decodeEscape(source: string, backslashAt: number, locate: Locate): ScannedString {
  const char = source[backslashAt + 1];
  const after = backslashAt + 2;
  if (char === undefined) return { value: "\\", end: after - 1 };
  if (char === "\n") return { value: "", end: after };
  if (char === "\r") return { value: "", end: source[after] === "\n" ? after + 1 : after };
  const simple = SIMPLE_ESCAPES.get(char);
  if (simple !== undefined) return { value: simple, end: after };
  OCTAL_DIGITS.lastIndex = backslashAt + 1;
  const octal = OCTAL_DIGITS.exec(source);
  if (octal) return { value: String.fromCodePoint(parseInt(octal[0], 8)), end: backslashAt + 1 + octal[0].length };
  const hexLength = HEX_ESCAPE_LENGTHS.get(char);
  if (hexLength !== undefined) {
    const hex = source.slice(after, after + hexLength);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
      throw syntaxError(`truncated \\${char} escape in string`, locate(backslashAt));
    }
    const codePoint = parseInt(hex, 16);
    if (codePoint > 0x10ffff) throw syntaxError(`illegal Unicode character \\${char}${hex}`, locate(backslashAt));
    return { value: String.fromCodePoint(codePoint), end: after + hexLength };
  }
  if (char === "N") throw syntaxError("\\N{...} escapes are not supported; use \\u or \\U", locate(backslashAt));
  // Python keeps unknown escapes as they are, which is what makes '\d' work in regular expressions.
  return { value: `\\${char}`, end: after };
}
