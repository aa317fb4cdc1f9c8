import { syntaxError, type SourcePosition } from "./errors";
import { scanNumber } from "./number-literal";
import { sourceLocator } from "./source-locator";
import { isStringPrefix, scanString } from "./string-literal";

export type Token =
  | { readonly kind: "name" | "keyword" | "operator" | "newline" | "end"; readonly text: string; readonly position: SourcePosition }
  | { readonly kind: "number"; readonly text: string; readonly value: bigint | number; readonly position: SourcePosition }
  | { readonly kind: "string"; readonly text: string; readonly value: string; readonly position: SourcePosition };

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
  "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
  "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]);

// Longest first, so that '**' wins over '*'. Statement-only operators are tokenized so the parser can say
// precisely what is not supported.
const OPERATORS = [
  "**=", "//=", ">>=", "<<=", "...",
  "**", "//", "<<", ">>", "<=", ">=", "==", "!=", ":=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
  "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];
const CLOSING_BRACKETS = new Map([
  [")", "("],
  ["]", "["],
  ["}", "{"],
]);
const IDENTIFIER = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;

/** Splits a Python expression into tokens; newlines count only outside brackets, as in Python. */
export function tokenize(source: string): Token[] {
  const locate = sourceLocator(source);
  const tokens: Token[] = [];
  const openBrackets: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    const position = locate(i);
    if (char === " " || char === "\t" || char === "\f") {
      i++;
    } else if (char === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (char === "\\") {
      const next = source.startsWith("\r\n", i + 1) ? 3 : source[i + 1] === "\n" || source[i + 1] === "\r" ? 2 : 0;
      if (next === 0) throw syntaxError("unexpected character after line continuation character", position);
      i += next;
    } else if (char === "\n" || char === "\r") {
      if (openBrackets.length === 0 && tokens.at(-1)?.kind !== "newline") tokens.push({ kind: "newline", text: "\n", position });
      i++;
    } else if (/\d/.test(char) || (char === "." && /\d/.test(source[i + 1] ?? ""))) {
      const { value, end } = scanNumber(source, i, locate);
      tokens.push({ kind: "number", text: source.slice(i, end), value, position });
      i = end;
    } else if (char === "'" || char === '"') {
      i = pushString(tokens, source, i, i, locate);
    } else {
      IDENTIFIER.lastIndex = i;
      const identifier = IDENTIFIER.exec(source)?.[0];
      if (identifier !== undefined) {
        const end = i + identifier.length;
        if ((source[end] === "'" || source[end] === '"') && isStringPrefix(identifier)) {
          i = pushString(tokens, source, i, end, locate);
        } else {
          tokens.push({ kind: KEYWORDS.has(identifier) ? "keyword" : "name", text: identifier, position });
          i = end;
        }
      } else {
        const operator = OPERATORS.find((candidate) => source.startsWith(candidate, i));
        if (operator === undefined) throw syntaxError(`invalid character '${String.fromCodePoint(source.codePointAt(i)!)}'`, position);
        const token: Token = { kind: "operator", text: operator, position };
        trackBrackets(openBrackets, token);
        tokens.push(token);
        i += operator.length;
      }
    }
  }
  const unclosed = openBrackets.at(-1);
  if (unclosed !== undefined) throw syntaxError(`'${unclosed.text}' was never closed`, unclosed.position);
  tokens.push({ kind: "end", text: "", position: locate(source.length) });
  return tokens;
}

function pushString(tokens: Token[], source: string, start: number, quoteAt: number, locate: (offset: number) => SourcePosition): number {
  const { value, end } = scanString(source, start, quoteAt, locate);
  tokens.push({ kind: "string", text: source.slice(start, end), value, position: locate(start) });
  return end;
}

function trackBrackets(openBrackets: Token[], token: Token): void {
  if (token.text === "(" || token.text === "[" || token.text === "{") {
    openBrackets.push(token);
    return;
  }
  const expectedOpening = CLOSING_BRACKETS.get(token.text);
  if (expectedOpening === undefined) return;
  const opening = openBrackets.pop();
  if (opening === undefined) throw syntaxError(`unmatched '${token.text}'`, token.position);
  if (opening.text !== expectedOpening) {
    throw syntaxError(`closing '${token.text}' does not match opening '${opening.text}'`, token.position);
  }
}
