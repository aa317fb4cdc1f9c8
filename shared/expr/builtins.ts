import { bindArguments, callValue, nativeFunction } from "./arguments";
import { binaryOperation } from "./arithmetic";
import { pyOrder } from "./compare";
import { absolute, roundNumber, toFloat, toInt } from "./conversions";
import { pythonError } from "./errors";
import { MATH_MODULE } from "./math-module";
import type { BuiltinFunctionName } from "./names";
import { RE_MODULE } from "./re-module";
import { pyStr } from "./repr";
import { iterate, pyLen } from "./sequences";
import { isTruthy } from "./truthiness";
import { PyFunction, type PyValue } from "./values";

const FUNCTIONS: Record<BuiltinFunctionName, PyFunction> = {
  abs: nativeFunction("abs", ["x"], ([x]) => absolute(x!)),
  all: nativeFunction("all", ["iterable"], ([items]) => iterate(items!).every(isTruthy)),
  any: nativeFunction("any", ["iterable"], ([items]) => iterate(items!).some(isTruthy)),
  bool: nativeFunction("bool", ["x?"], ([x]) => x !== undefined && isTruthy(x)),
  float: nativeFunction("float", ["x?"], ([x]) => toFloat(x)),
  int: nativeFunction("int", ["x?", "base?"], ([x, base]) => toInt(x, base)),
  len: nativeFunction("len", ["obj"], ([value]) => BigInt(pyLen(value!))),
  max: extremeFunction("max"),
  min: extremeFunction("min"),
  round: nativeFunction("round", ["number", "ndigits?"], ([value, digits]) => roundNumber(value!, digits)),
  sorted: nativeFunction("sorted", ["iterable", "*", "key?", "reverse?"], ([items, key, reverse]) =>
    sortValues(iterate(items!), key, reverse !== undefined && isTruthy(reverse))),
  str: nativeFunction("str", ["object?"], ([value]) => (value === undefined ? "" : pyStr(value))),
  sum: nativeFunction("sum", ["iterable", "start?"], ([items, start]) => sumValues(iterate(items!), start ?? 0n)),
};

/** Every name an expression can use without defining it: the builtin functions and the math and re modules. */
export const GLOBALS: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  ...Object.entries(FUNCTIONS),
  ["math", MATH_MODULE],
  ["re", RE_MODULE],
]);

function keyFunction(key: PyValue | undefined): (item: PyValue) => PyValue {
  return key === undefined || key === null ? (item) => item : (item) => callValue(key, [item]);
}

/** min() and max(): of one iterable or of several arguments, the first extreme item. */
function extremeFunction(name: "min" | "max"): PyFunction {
  return new PyFunction(name, (args, keywords) => {
    const [key, fallback] = bindArguments(name, ["*", "key?", "default?"], [], keywords);
    if (args.length === 0) throw pythonError("TypeError", `${name} expected at least 1 argument, got 0`);
    if (args.length > 1 && fallback !== undefined) {
      throw pythonError("TypeError", `Cannot specify a default for ${name}() with multiple positional arguments`);
    }
    const items = args.length === 1 ? iterate(args[0]!) : args;
    if (items.length === 0) {
      if (fallback !== undefined) return fallback;
      throw pythonError("ValueError", `${name}() arg is an empty sequence`);
    }
    const keyOf = keyFunction(key);
    let best: PyValue = items[0]!;
    let bestKey = keyOf(best);
    for (const item of items.slice(1)) {
      const itemKey = keyOf(item);
      if (pyOrder(name === "max" ? ">" : "<", itemKey, bestKey)) {
        best = item;
        bestKey = itemKey;
      }
    }
    return best;
  });
}

/** A stable sort using only Python's `<`, like list.sort; reverse keeps equal items in their order. */
function sortValues(items: readonly PyValue[], key: PyValue | undefined, reverse: boolean): PyValue[] {
  const keyOf = keyFunction(key);
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  const before = (a: PyValue, b: PyValue) => (reverse ? pyOrder("<", b, a) : pyOrder("<", a, b));
  keyed.sort((a, b) => (before(a.key, b.key) ? -1 : before(b.key, a.key) ? 1 : 0));
  return keyed.map(({ item }) => item);
}

function sumValues(items: readonly PyValue[], start: PyValue): PyValue {
  if (typeof start === "string") throw pythonError("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
  return items.reduce((total, item) => binaryOperation("+", total, item), start);
}
