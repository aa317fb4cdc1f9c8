import { ExpressionError } from "./errors";
import { MAX_VALUE_DEPTH } from "./limits";
import { pyStr } from "./repr";
import { isPlainObject } from "./truthiness";
import { PyDict, PyFunction, PyMatch, PyModule, PyTuple, type PyValue } from "./values";

/**
 * A JSON-like JS value as a Python value: integral numbers (within JS's exact integer range) become int,
 * other numbers float, arrays list, plain objects dict. Python values pass through unchanged.
 */
export function toPython(value: unknown, name = "value"): PyValue {
  return convert(value, name, 0);
}

function convert(value: unknown, name: string, depth: number): PyValue {
  if (depth > MAX_VALUE_DEPTH) {
    throw new ExpressionError("ExpressionEvaluation", `variable '${name}' is nested more than ${MAX_VALUE_DEPTH} levels deep`);
  }
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
    case "bigint":
      return value;
    case "number":
      // Beyond 2^53 JS cannot tell an int from a float; such values almost always came from a float.
      return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => convert(item, name, depth + 1));
  if (value instanceof PyTuple || value instanceof PyDict || value instanceof PyFunction || value instanceof PyModule || value instanceof PyMatch) {
    return value;
  }
  if (isPlainObject(value)) {
    return new PyDict(Object.entries(value).map(([key, item]) => [key, convert(item, name, depth + 1)] as const));
  }
  const kind = typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
  throw new ExpressionError("ExpressionEvaluation", `variable '${name}' holds a JS ${kind}, which has no Python equivalent`);
}

/**
 * A Python value as plain JS: int and float as number, tuple as array, dict as a plain object (non-string
 * keys written as Python's str() of them), and functions, modules and match objects as their Python repr.
 */
export function fromPython(value: PyValue): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(fromPython);
  if (value instanceof PyTuple) return value.items.map(fromPython);
  if (value instanceof PyDict) {
    return Object.fromEntries(value.items().map(([key, item]) => [typeof key === "string" ? key : pyStr(key), fromPython(item)]));
  }
  return pyStr(value);
}
