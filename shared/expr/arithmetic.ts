import type { BinaryOperator, UnaryOperator } from "./ast";
import { pythonError, unsupported } from "./errors";
import { floatPower } from "./float-power";
import { MAX_INT_BITS } from "./limits";
import { asFloat, bitLength, floorDivideIntegers, limitIntSize, ratioToDouble, toInteger, toNumeric, type Numeric } from "./numbers";
import { limitSequenceLength } from "./text";
import { isTruthy } from "./truthiness";
import { PyTuple, typeName, type PyValue } from "./values";

/** Python's binary operators on numbers, strings, lists and tuples. */
export function binaryOperation(operator: BinaryOperator, left: PyValue, right: PyValue): PyValue {
  const a = toNumeric(left);
  const b = toNumeric(right);
  if (a !== undefined && b !== undefined) {
    if (typeof left === "boolean" && typeof right === "boolean" && (operator === "&" || operator === "|" || operator === "^")) {
      return bitwise(operator, a as bigint, b as bigint) !== 0n;
    }
    return numericOperation(operator, a, b, left, right);
  }
  if (operator === "+") return concatenate(left, right);
  if (operator === "*" && isSequence(left)) return repeat(left, right);
  if (operator === "*" && isSequence(right)) return repeat(right, left);
  if (operator === "%" && typeof left === "string") throw unsupported("string formatting with '%'");
  throw unsupportedOperands(operator, left, right);
}

function unsupportedOperands(operator: string, left: PyValue, right: PyValue) {
  return pythonError("TypeError", `unsupported operand type(s) for ${operator}: '${typeName(left)}' and '${typeName(right)}'`);
}

function numericOperation(operator: BinaryOperator, a: Numeric, b: Numeric, left: PyValue, right: PyValue): PyValue {
  if (typeof a === "bigint" && typeof b === "bigint") return integerOperation(operator, a, b);
  switch (operator) {
    case "+":
      return asFloat(a) + asFloat(b);
    case "-":
      return asFloat(a) - asFloat(b);
    case "*":
      return asFloat(a) * asFloat(b);
    case "/":
      if (asFloat(b) === 0) throw pythonError("ZeroDivisionError", "float division by zero");
      return asFloat(a) / asFloat(b);
    case "//":
      if (asFloat(b) === 0) throw pythonError("ZeroDivisionError", "float floor division by zero");
      return floatDivmod(asFloat(a), asFloat(b))[0];
    case "%":
      if (asFloat(b) === 0) throw pythonError("ZeroDivisionError", "float modulo");
      return floatDivmod(asFloat(a), asFloat(b))[1];
    case "**":
      return power(asFloat(a), asFloat(b));
    default:
      throw unsupportedOperands(operator, left, right);
  }
}

function integerOperation(operator: BinaryOperator, a: bigint, b: bigint): PyValue {
  switch (operator) {
    case "+":
      return limitIntSize(a + b);
    case "-":
      return limitIntSize(a - b);
    case "*":
      return limitIntSize(a * b);
    case "/":
      if (b === 0n) throw pythonError("ZeroDivisionError", "division by zero");
      return ratioToDouble(a, b);
    case "//":
      if (b === 0n) throw pythonError("ZeroDivisionError", "integer division or modulo by zero");
      return floorDivideIntegers(a, b);
    case "%":
      if (b === 0n) throw pythonError("ZeroDivisionError", "integer modulo by zero");
      return a - b * floorDivideIntegers(a, b);
    case "**":
      if (b < 0n) return power(asFloat(a), asFloat(b));
      if (a !== 0n && a !== 1n && a !== -1n && BigInt(bitLength(a) - 1) * b > BigInt(MAX_INT_BITS)) {
        throw pythonError("OverflowError", `integer result has more than ${MAX_INT_BITS} bits`);
      }
      return a ** b;
    case "<<":
      if (b < 0n) throw pythonError("ValueError", "negative shift count");
      if (a !== 0n && BigInt(bitLength(a)) + b > BigInt(MAX_INT_BITS)) {
        throw pythonError("OverflowError", `integer result has more than ${MAX_INT_BITS} bits`);
      }
      return a << b;
    case ">>":
      if (b < 0n) throw pythonError("ValueError", "negative shift count");
      return a >> (b > BigInt(MAX_INT_BITS) ? BigInt(MAX_INT_BITS) : b);
    default:
      return bitwise(operator, a, b);
  }
}

function bitwise(operator: BinaryOperator, a: bigint, b: bigint): bigint {
  return operator === "&" ? a & b : operator === "|" ? a | b : a ^ b;
}

function power(base: number, exponent: number): number {
  const result = floatPower(base, exponent);
  if (result === "zero-to-negative-power") throw pythonError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (result === "complex") throw unsupported("raising a negative number to a fractional power (the result is complex)");
  if (result === "overflow") throw pythonError("OverflowError", "(34, 'Numerical result out of range')");
  return result;
}

/** CPython's float divmod: the floor quotient and a remainder with the divisor's sign. */
function floatDivmod(dividend: number, divisor: number): [number, number] {
  let remainder = dividend % divisor;
  let quotient = (dividend - remainder) / divisor;
  if (remainder !== 0) {
    if (divisor < 0 !== remainder < 0) {
      remainder += divisor;
      quotient -= 1;
    }
  } else {
    remainder = divisor < 0 ? -0 : 0;
  }
  if (quotient === 0) return [dividend / divisor < 0 ? -0 : 0, remainder];
  let floored = Math.floor(quotient);
  if (quotient - floored > 0.5) floored += 1;
  return [floored, remainder];
}

function concatenate(left: PyValue, right: PyValue): PyValue {
  if (typeof left === "string") {
    if (typeof right !== "string") throw pythonError("TypeError", `can only concatenate str (not "${typeName(right)}") to str`);
    limitSequenceLength(left.length + right.length);
    return left + right;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) throw pythonError("TypeError", `can only concatenate list (not "${typeName(right)}") to list`);
    limitSequenceLength(left.length + right.length);
    return [...left, ...right];
  }
  if (left instanceof PyTuple) {
    if (!(right instanceof PyTuple)) throw pythonError("TypeError", `can only concatenate tuple (not "${typeName(right)}") to tuple`);
    limitSequenceLength(left.items.length + right.items.length);
    return new PyTuple([...left.items, ...right.items]);
  }
  throw unsupportedOperands("+", left, right);
}

type Sequence = string | PyValue[] | PyTuple;

function isSequence(value: PyValue): value is Sequence {
  return typeof value === "string" || Array.isArray(value) || value instanceof PyTuple;
}

function repeat(sequence: Sequence, times: PyValue): PyValue {
  const integer = toInteger(times);
  if (integer === undefined) throw pythonError("TypeError", `can't multiply sequence by non-int of type '${typeName(times)}'`);
  const count = integer < 0n ? 0n : integer;
  const items = typeof sequence === "string" ? sequence : Array.isArray(sequence) ? sequence : sequence.items;
  limitSequenceLength(BigInt(items.length) * count);
  if (typeof items === "string") return items.repeat(Number(count));
  const repeated = Array.from({ length: Number(count) }, () => items).flat();
  return Array.isArray(sequence) ? repeated : new PyTuple(repeated);
}

/** Python's unary `-`, `+`, `~` and `not`. */
export function unaryOperation(operator: UnaryOperator, operand: PyValue): PyValue {
  if (operator === "not") return !isTruthy(operand);
  const value = toNumeric(operand);
  if (value === undefined || (operator === "~" && typeof value === "number")) {
    throw pythonError("TypeError", `bad operand type for unary ${operator}: '${typeName(operand)}'`);
  }
  if (operator === "-") return -value;
  if (operator === "+") return value;
  return -(value as bigint) - 1n;
}
