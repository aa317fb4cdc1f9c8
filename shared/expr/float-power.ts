import { floatToRatio, ratioToDouble } from "./numbers";

/**
 * Integral exponents up to this size are computed exactly and rounded once: V8's Math.pow multiplies
 * repeatedly and can miss by an ulp (10 ** -4 is 0.00009999999999999999), where Python's libm pow does not.
 * The exact mantissa power stays under 54 × 64 bits, which is cheap.
 */
const EXACT_POWER_MAX_EXPONENT = 64;

export type FloatPowerResult = number | "zero-to-negative-power" | "complex" | "overflow";

/** Python's float `x ** y`, with the C pow special cases; failures are returned for the caller to phrase. */
export function floatPower(base: number, exponent: number): FloatPowerResult {
  if (exponent === 0 || base === 1) return 1;
  if (Number.isNaN(base) || Number.isNaN(exponent)) return NaN;
  if (base === -1 && !Number.isFinite(exponent)) return 1;
  if (base === 0 && exponent < 0) return "zero-to-negative-power";
  if (base < 0 && Number.isFinite(base) && Number.isFinite(exponent) && !Number.isInteger(exponent)) return "complex";
  const result = Number.isFinite(base) && Number.isInteger(exponent) && Math.abs(exponent) <= EXACT_POWER_MAX_EXPONENT
    ? exactPower(base, exponent)
    : Math.pow(base, exponent);
  if (!Number.isFinite(result) && Number.isFinite(base) && Number.isFinite(exponent)) return "overflow";
  return result;
}

function exactPower(base: number, exponent: number): number {
  if (base === 0) return exponent % 2 !== 0 ? base : 0;
  const { numerator, denominator } = floatToRatio(base);
  const power = BigInt(Math.abs(exponent));
  const [top, bottom] = exponent > 0 ? [numerator ** power, denominator ** power] : [denominator ** power, numerator ** power];
  return ratioToDouble(top, bottom);
}
