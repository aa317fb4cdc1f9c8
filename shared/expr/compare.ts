import { pythonError } from "./errors";
import { toNumeric } from "./numbers";
import { compareCodePoints } from "./text";
import { PyDict, PyTuple, typeName, type PyValue } from "./values";

export type OrderingOperator = "<" | "<=" | ">" | ">=";

/** Python's `==`. */
export function pyEquals(left: PyValue, right: PyValue): boolean {
  if (left === right) return true;
  const a = toNumeric(left);
  const b = toNumeric(right);
  // Loose equality compares a bigint and a number by exact value, as Python compares int and float.
  if (a !== undefined && b !== undefined) return a == b;
  if (Array.isArray(left) && Array.isArray(right)) return itemsEqual(left, right);
  if (left instanceof PyTuple && right instanceof PyTuple) return itemsEqual(left.items, right.items);
  if (left instanceof PyDict && right instanceof PyDict) {
    return left.size === right.size && left.items().every(([key, value]) => {
      const other = right.lookup(key);
      return other !== undefined && pyEquals(value, other);
    });
  }
  return false;
}

function itemsEqual(left: readonly PyValue[], right: readonly PyValue[]): boolean {
  return left.length === right.length && left.every((item, index) => pyEquals(item, right[index]!));
}

/** Python's `is`: identity for containers, same type and value for scalars (which CPython shares). */
export function pyIs(left: PyValue, right: PyValue): boolean {
  return typeof left === typeof right && left === right;
}

/** Python's `<`, `<=`, `>`, `>=`, with TypeError for types that have no order between them. */
export function pyOrder(operator: OrderingOperator, left: PyValue, right: PyValue): boolean {
  const a = toNumeric(left);
  const b = toNumeric(right);
  if (a !== undefined && b !== undefined) return holds(operator, a, b);
  if (typeof left === "string" && typeof right === "string") return holds(operator, compareCodePoints(left, right), 0);
  if (Array.isArray(left) && Array.isArray(right)) return orderItems(operator, left, right);
  if (left instanceof PyTuple && right instanceof PyTuple) return orderItems(operator, left.items, right.items);
  throw pythonError("TypeError", `'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`);
}

/** Sequences order by their first differing item, else by length. */
function orderItems(operator: OrderingOperator, left: readonly PyValue[], right: readonly PyValue[]): boolean {
  const differing = left.findIndex((item, index) => index < right.length && !pyEquals(item, right[index]!));
  if (differing !== -1) return pyOrder(operator, left[differing]!, right[differing]!);
  return holds(operator, left.length, right.length);
}

// Relational operators compare a bigint and a number by exact value, and are false for NaN.
function holds(operator: OrderingOperator, a: bigint | number, b: bigint | number): boolean {
  switch (operator) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** Python's `item in container`: a substring, a list or tuple element, or a dict key. */
export function pyContains(container: PyValue, item: PyValue): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") {
      throw pythonError("TypeError", `'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (container instanceof PyDict) return container.lookup(item) !== undefined;
  const items = Array.isArray(container) ? container : container instanceof PyTuple ? container.items : undefined;
  if (items === undefined) throw pythonError("TypeError", `argument of type '${typeName(container)}' is not iterable`);
  return items.some((element) => pyIs(element, item) || pyEquals(element, item));
}
