import { pythonError } from "./errors";
import { MAX_INT_BITS } from "./limits";
import { typeName, type PyValue } from "./values";

/** An int (bigint) or float (number); bool counts as int, as in Python. */
export type Numeric = bigint | number;

export function toNumeric(value: PyValue): Numeric | undefined {
  if (typeof value === "boolean") return value ? 1n : 0n;
  return typeof value === "bigint" || typeof value === "number" ? value : undefined;
}

/** An int-like value (int or bool) as bigint, or undefined. */
export function toInteger(value: PyValue): bigint | undefined {
  const numeric = toNumeric(value);
  return typeof numeric === "bigint" ? numeric : undefined;
}

/** Math functions take int or float, as Python's float(x) would. */
export function requireFloat(value: PyValue): number {
  const numeric = toNumeric(value);
  if (numeric === undefined) throw pythonError("TypeError", `must be real number, not ${typeName(value)}`);
  return asFloat(numeric);
}

export function asFloat(value: Numeric): number {
  if (typeof value === "number") return value;
  const float = Number(value);
  if (!Number.isFinite(float)) throw pythonError("OverflowError", "int too large to convert to float");
  return float;
}

/** A float truncated, floored or rounded to int, with Python's errors for infinities and NaN. */
export function floatToInt(value: number): bigint {
  if (Number.isNaN(value)) throw pythonError("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(value)) throw pythonError("OverflowError", "cannot convert float infinity to integer");
  return BigInt(Math.trunc(value));
}

export function limitIntSize(value: bigint): bigint {
  if (bitLength(value) > MAX_INT_BITS) {
    throw pythonError("OverflowError", `integer result has more than ${MAX_INT_BITS} bits`);
  }
  return value;
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : (value < 0n ? -value : value).toString(2).length;
}

/** Python's floor division of ints: rounds toward negative infinity. */
export function floorDivideIntegers(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return dividend % divisor !== 0n && dividend < 0n !== divisor < 0n ? quotient - 1n : quotient;
}

/** num/den rounded half to even, as an integer. */
export function roundHalfEvenDivide(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = 2n * (n % d);
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) quotient++;
  return negative ? -quotient : quotient;
}

/**
 * The float nearest to numerator/denominator, ties to even: what Python's int true division and
 * correctly rounded operations give.
 */
export function ratioToDouble(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  if (n === 0n) return negative ? -0 : 0;
  const quotientAt = (exponent: number): [bigint, bigint, bigint] => {
    const scaledDenominator = exponent >= 0 ? d << BigInt(exponent) : d;
    const scaledNumerator = exponent >= 0 ? n : n << BigInt(-exponent);
    return [scaledNumerator / scaledDenominator, scaledNumerator % scaledDenominator, scaledDenominator];
  };
  // Pick the binary exponent that leaves a 53-bit quotient, or the subnormal exponent below 2^-1022.
  let exponent = Math.max(bitLength(n) - bitLength(d) - 53, -1074);
  let [quotient, remainder, divisor] = quotientAt(exponent);
  if (quotient >= 1n << 53n) [quotient, remainder, divisor] = quotientAt(++exponent);
  const twiceRemainder = 2n * remainder;
  if (twiceRemainder > divisor || (twiceRemainder === divisor && (quotient & 1n) === 1n)) quotient++;
  const magnitude = Number(quotient) * 2 ** exponent;
  return negative ? -magnitude : magnitude;
}

/** A finite float as mantissa × 2^exponent, exactly. */
function decomposeDouble(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  const fraction = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** A finite float as an exact fraction. */
export function floatToRatio(value: number): { numerator: bigint; denominator: bigint } {
  const { mantissa, exponent } = decomposeDouble(value);
  const signed = value < 0 ? -mantissa : mantissa;
  return exponent >= 0
    ? { numerator: signed << BigInt(exponent), denominator: 1n }
    : { numerator: signed, denominator: 1n << BigInt(-exponent) };
}
