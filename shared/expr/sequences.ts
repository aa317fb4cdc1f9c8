import { pythonError } from "./errors";
import { toInteger } from "./numbers";
import { pyRepr } from "./repr";
import { codePointLength, codePoints } from "./text";
import { PyDict, PyMatch, PyTuple, typeName, type PyValue } from "./values";
import { matchGroup } from "./match-object";

/** Python's len(). */
export function pyLen(value: PyValue): number {
  if (typeof value === "string") return codePointLength(value);
  if (Array.isArray(value)) return value.length;
  if (value instanceof PyTuple) return value.items.length;
  if (value instanceof PyDict) return value.size;
  throw pythonError("TypeError", `object of type '${typeName(value)}' has no len()`);
}

/** The items a Python `for` would visit: list and tuple items, characters, dict keys. */
export function iterate(value: PyValue): readonly PyValue[] {
  if (Array.isArray(value)) return value;
  if (value instanceof PyTuple) return value.items;
  if (typeof value === "string") return codePoints(value);
  if (value instanceof PyDict) return value.keys();
  throw pythonError("TypeError", `'${typeName(value)}' object is not iterable`);
}

/** Python's `container[index]`. */
export function getItem(container: PyValue, index: PyValue): PyValue {
  if (container instanceof PyDict) {
    const value = container.lookup(index);
    if (value === undefined) throw pythonError("KeyError", pyRepr(index));
    return value;
  }
  if (container instanceof PyMatch) return matchGroup(container, index);
  const sequence = asSequence(container);
  if (sequence === undefined) throw pythonError("TypeError", `'${typeName(container)}' object is not subscriptable`);
  const position = toInteger(index);
  if (position === undefined) {
    const message = sequence.kind === "str"
      ? `string indices must be integers, not '${typeName(index)}'`
      : `${sequence.kind} indices must be integers or slices, not ${typeName(index)}`;
    throw pythonError("TypeError", message);
  }
  const length = BigInt(sequence.items.length);
  const resolved = position < 0n ? position + length : position;
  if (resolved < 0n || resolved >= length) {
    throw pythonError("IndexError", `${sequence.kind === "str" ? "string" : sequence.kind} index out of range`);
  }
  return sequence.items[Number(resolved)]!;
}

/** Python's `container[lower:upper:step]`; undefined bounds are the same as None. */
export function getSlice(container: PyValue, lower: PyValue, upper: PyValue, step: PyValue): PyValue {
  if (container instanceof PyDict) throw pythonError("TypeError", "unhashable type: 'slice'");
  const sequence = asSequence(container);
  if (sequence === undefined) throw pythonError("TypeError", `'${typeName(container)}' object is not subscriptable`);
  const picked = sliceIndices(sequence.items.length, lower, upper, step).map((index) => sequence.items[index]!);
  if (sequence.kind === "str") return picked.join("");
  return sequence.kind === "tuple" ? new PyTuple(picked) : picked;
}

function asSequence(value: PyValue): { kind: "str" | "list" | "tuple"; items: readonly PyValue[] } | undefined {
  if (typeof value === "string") return { kind: "str", items: codePoints(value) };
  if (Array.isArray(value)) return { kind: "list", items: value };
  if (value instanceof PyTuple) return { kind: "tuple", items: value.items };
  return undefined;
}

/** The indices a slice selects, by Python's rules for defaults, negative bounds and clamping. */
export function sliceIndices(length: number, lower: PyValue, upper: PyValue, step: PyValue): number[] {
  const stride = step === null ? 1 : clampToLength(sliceBound(step), length);
  if (stride === 0) throw pythonError("ValueError", "slice step cannot be zero");
  const resolve = (bound: PyValue, fallback: number): number => {
    if (bound === null) return fallback;
    let index = clampToLength(sliceBound(bound), length);
    if (index < 0) index += length;
    if (index < 0) return stride < 0 ? -1 : 0;
    if (index >= length) return stride < 0 ? length - 1 : length;
    return index;
  };
  const start = resolve(lower, stride < 0 ? length - 1 : 0);
  const stop = resolve(upper, stride < 0 ? -1 : length);
  const indices: number[] = [];
  for (let index = start; stride > 0 ? index < stop : index > stop; index += stride) indices.push(index);
  return indices;
}

function sliceBound(value: PyValue): bigint {
  const integer = toInteger(value);
  if (integer === undefined) {
    throw pythonError("TypeError", "slice indices must be integers or None or have an __index__ method");
  }
  return integer;
}

/** Bounds far outside the sequence behave like its ends; clamping keeps them in safe JS number range. */
function clampToLength(value: bigint, length: number): number {
  const limit = BigInt(length) + 1n;
  return Number(value > limit ? limit : value < -limit ? -limit : value);
}
