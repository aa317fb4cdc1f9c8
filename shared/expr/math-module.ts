import { nativeFunction } from "./arguments";
import { pythonError } from "./errors";
import { floatPower } from "./float-power";
import { floatToInt, requireFloat, toNumeric } from "./numbers";
import { PyModule, typeName, type PyValue } from "./values";

const domainError = () => pythonError("ValueError", "math domain error");
const rangeError = () => pythonError("OverflowError", "math range error");

/** floor/ceil/trunc keep ints as they are and turn floats into ints. */
function toIntegral(value: PyValue, round: (x: number) => number): bigint {
  const numeric = toNumeric(value);
  if (numeric === undefined) throw pythonError("TypeError", `must be real number, not ${typeName(value)}`);
  return typeof numeric === "bigint" ? numeric : floatToInt(round(numeric));
}

/** A float function that is undefined outside `inDomain` and overflows to a range error. */
function floatFunction(name: string, compute: (x: number) => number, inDomain: (x: number) => boolean = () => true) {
  return nativeFunction(name, ["x"], ([x]) => {
    const value = requireFloat(x!);
    if (!inDomain(value)) throw domainError();
    const result = compute(value);
    if (!Number.isFinite(result) && Number.isFinite(value)) throw rangeError();
    return result;
  });
}

function logarithm(value: number, base: number | undefined): number {
  if (Number.isNaN(value) || (base !== undefined && Number.isNaN(base))) return NaN;
  if (!(value > 0) || (base !== undefined && !(base > 0))) throw domainError();
  if (base === undefined) return Math.log(value);
  const divisor = Math.log(base);
  if (divisor === 0) throw pythonError("ZeroDivisionError", "float division by zero");
  return Math.log(value) / divisor;
}

/** math.isclose: relative tolerance against the larger magnitude, or the absolute tolerance. */
function isClose(a: number, b: number, relativeTolerance: number, absoluteTolerance: number): boolean {
  if (relativeTolerance < 0 || absoluteTolerance < 0) throw pythonError("ValueError", "tolerances must be non-negative");
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const difference = Math.abs(b - a);
  return difference <= Math.abs(relativeTolerance * b) || difference <= Math.abs(relativeTolerance * a) || difference <= absoluteTolerance;
}

function mathPower(base: number, exponent: number): number {
  const result = floatPower(base, exponent);
  if (result === "zero-to-negative-power" || result === "complex") throw domainError();
  if (result === "overflow") throw rangeError();
  return result;
}

export const MATH_MODULE = new PyModule(
  "math",
  new Map<string, PyValue>([
    ["floor", nativeFunction("floor", ["x"], ([x]) => toIntegral(x!, Math.floor))],
    ["ceil", nativeFunction("ceil", ["x"], ([x]) => toIntegral(x!, Math.ceil))],
    ["trunc", nativeFunction("trunc", ["x"], ([x]) => toIntegral(x!, Math.trunc))],
    ["sqrt", floatFunction("sqrt", Math.sqrt, (x) => !(x < 0))],
    ["exp", floatFunction("exp", Math.exp)],
    ["log10", floatFunction("log10", Math.log10, (x) => x > 0 || Number.isNaN(x))],
    ["log2", floatFunction("log2", Math.log2, (x) => x > 0 || Number.isNaN(x))],
    ["fabs", floatFunction("fabs", Math.abs)],
    ["log", nativeFunction("log", ["x", "base?"], ([x, base]) => logarithm(requireFloat(x!), base === undefined ? undefined : requireFloat(base)))],
    ["pow", nativeFunction("pow", ["x", "y"], ([x, y]) => mathPower(requireFloat(x!), requireFloat(y!)))],
    ["isnan", nativeFunction("isnan", ["x"], ([x]) => Number.isNaN(requireFloat(x!)))],
    ["isinf", nativeFunction("isinf", ["x"], ([x]) => Math.abs(requireFloat(x!)) === Infinity)],
    ["isfinite", nativeFunction("isfinite", ["x"], ([x]) => Number.isFinite(requireFloat(x!)))],
    [
      "isclose",
      nativeFunction("isclose", ["a", "b", "*", "rel_tol?", "abs_tol?"], ([a, b, relative, absolute]) =>
        isClose(requireFloat(a!), requireFloat(b!), relative === undefined ? 1e-9 : requireFloat(relative), absolute === undefined ? 0 : requireFloat(absolute))),
    ],
    ["pi", Math.PI],
    ["e", Math.E],
    ["tau", 2 * Math.PI],
    ["inf", Infinity],
    ["nan", NaN],
  ]),
);
