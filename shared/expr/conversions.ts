import { pythonError } from "./errors";
import { MAX_INT_DIGITS } from "./limits";
import { asFloat, floatToInt, floatToRatio, ratioToDouble, roundHalfEvenDivide, toInteger, toNumeric } from "./numbers";
import { stringRepr } from "./repr";
import { PYTHON_WHITESPACE } from "./text";
import { typeName, type PyValue } from "./values";

const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_TEXT = new RegExp(String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`, "i");
const PREFIXES = new Map([
  ["0x", 16],
  ["0o", 8],
  ["0b", 2],
]);

/** Python's int(x) and int(text, base). */
export function toInt(value: PyValue | undefined, base: PyValue | undefined): bigint {
  if (base !== undefined) {
    if (typeof value !== "string") throw pythonError("TypeError", "int() can't convert non-string with explicit base");
    const radix = toInteger(base);
    if (radix === undefined) throw pythonError("TypeError", `'${typeName(base)}' object cannot be interpreted as an integer`);
    if (radix !== 0n && (radix < 2n || radix > 36n)) throw pythonError("ValueError", "int() base must be >= 2 and <= 36, or 0");
    return parseInteger(value, Number(radix));
  }
  if (value === undefined) return 0n;
  if (typeof value === "string") return parseInteger(value, 10);
  const numeric = toNumeric(value);
  if (numeric === undefined) {
    throw pythonError("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`);
  }
  return typeof numeric === "bigint" ? numeric : floatToInt(numeric);
}

function parseInteger(text: string, base: number): bigint {
  const invalid = () => pythonError("ValueError", `invalid literal for int() with base ${base}: ${stringRepr(text)}`);
  const trimmed = stripPythonWhitespace(text);
  const negative = trimmed.startsWith("-");
  let body = trimmed.replace(/^[+-]/, "");
  let radix = base;
  const prefixBase = PREFIXES.get(body.slice(0, 2).toLowerCase());
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    radix = prefixBase;
    body = body.slice(2).replace(/^_/, "");
  } else if (base === 0) {
    radix = 10;
    if (/^0+[1-9]/.test(body.replaceAll("_", ""))) throw invalid();
  }
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
  if (!new RegExp(`^[${digits}](?:_?[${digits}])*$`, "i").test(body)) throw invalid();
  const plain = body.replaceAll("_", "").toLowerCase();
  if (radix === 10 && plain.length > MAX_INT_DIGITS) {
    throw pythonError("ValueError", `Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${plain.length} digits`);
  }
  let result = 0n;
  for (const digit of plain) result = result * BigInt(radix) + BigInt(digits.indexOf(digit));
  return negative ? -result : result;
}

/** Python's float(x). */
export function toFloat(value: PyValue | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === "string") {
    const trimmed = stripPythonWhitespace(value);
    if (!FLOAT_TEXT.test(trimmed)) throw pythonError("ValueError", `could not convert string to float: ${stringRepr(value)}`);
    const plain = trimmed.replaceAll("_", "").toLowerCase();
    const sign = plain.startsWith("-") ? -1 : 1;
    const unsigned = plain.replace(/^[+-]/, "");
    if (unsigned === "nan") return NaN;
    if (unsigned.startsWith("inf")) return sign * Infinity;
    return Number(plain);
  }
  const numeric = toNumeric(value);
  if (numeric === undefined) throw pythonError("TypeError", `float() argument must be a string or a real number, not '${typeName(value)}'`);
  return asFloat(numeric);
}

function stripPythonWhitespace(text: string): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && PYTHON_WHITESPACE.has(chars[start]!)) start++;
  while (end > start && PYTHON_WHITESPACE.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join("");
}

/** Python's abs(x). */
export function absolute(value: PyValue): bigint | number {
  const numeric = toNumeric(value);
  if (numeric === undefined) throw pythonError("TypeError", `bad operand type for abs(): '${typeName(value)}'`);
  return numeric < 0 ? -numeric : typeof numeric === "number" ? Math.abs(numeric) : numeric;
}

/**
 * Python's round(number, ndigits): halves go to the even neighbour, judged on the float's exact binary
 * value (so round(2.675, 2) is 2.67, as in Python).
 */
export function roundNumber(value: PyValue, digits: PyValue | undefined): bigint | number {
  const numeric = toNumeric(value);
  if (numeric === undefined) throw pythonError("TypeError", `type ${typeName(value)} doesn't define __round__ method`);
  if (digits === undefined || digits === null) {
    if (typeof numeric === "bigint") return numeric;
    if (!Number.isFinite(numeric)) return floatToInt(numeric);
    const { numerator, denominator } = floatToRatio(numeric);
    return roundHalfEvenDivide(numerator, denominator);
  }
  const places = toInteger(digits);
  if (places === undefined) throw pythonError("TypeError", `'${typeName(digits)}' object cannot be interpreted as an integer`);
  if (typeof numeric === "bigint") {
    if (places >= 0n) return numeric;
    const unit = 10n ** -places;
    return roundHalfEvenDivide(numeric, unit) * unit;
  }
  return roundFloat(numeric, places);
}

// Past these, rounding a double changes nothing, or leaves only zero (Python's NDIGITS_MAX/MIN are ±323ish).
const ROUNDING_DIGITS_LIMIT = 400n;

function roundFloat(value: number, places: bigint): number {
  if (!Number.isFinite(value) || value === 0 || places > ROUNDING_DIGITS_LIMIT) return value;
  if (places < -ROUNDING_DIGITS_LIMIT) return value < 0 ? -0 : 0;
  const { numerator, denominator } = floatToRatio(Math.abs(value));
  const scale = 10n ** (places < 0n ? -places : places);
  const rounded = places >= 0n
    ? ratioToDouble(roundHalfEvenDivide(numerator * scale, denominator), scale)
    : ratioToDouble(roundHalfEvenDivide(numerator, denominator * scale) * scale, 1n);
  if (!Number.isFinite(rounded)) throw pythonError("OverflowError", "rounded value too large to represent");
  return value < 0 ? -rounded : rounded;
}
