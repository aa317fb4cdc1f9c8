import { describe, expect, it } from "vitest";
import { evaluateExpression, parseExpression } from "../../../shared/expr";
import { expressionErrorOf } from "./expression-error";

describe("constructs refused when the expression is parsed", () => {
  it.each([
    ["().__class__", "'__class__' is not allowed: names starting with '_' are reserved at column 4"],
    ["().__class__.__bases__[0].__subclasses__()", "'__class__' is not allowed: names starting with '_' are reserved at column 4"],
    ["__import__('os')", "'__import__' is not allowed: names starting with '_' are reserved at column 1"],
    ["''.join.__self__", "'__self__' is not allowed: names starting with '_' are reserved at column 9"],
    ["x.__proto__", "'__proto__' is not allowed: names starting with '_' are reserved at column 3"],
    ["'a'.__proto__", "'__proto__' is not allowed: names starting with '_' are reserved at column 5"],
    ["_private", "'_private' is not allowed: names starting with '_' are reserved at column 1"],
    ["x.constructor", "'constructor' is not allowed: it is reserved at column 3"],
    ["x.prototype", "'prototype' is not allowed: it is reserved at column 3"],
    ["constructor", "'constructor' is not allowed: it is reserved at column 1"],
    ["round(1.5, _n=1)", "'_n' is not allowed: names starting with '_' are reserved at column 12"],
    ["open('/etc/passwd')", "calling 'open' is not allowed; callable functions are abs, all, any, bool, float, int, len, max, min, round, sorted, str, sum, and math.*, re.* and methods at column 1"],
    ["eval('1')", "calling 'eval' is not allowed; callable functions are abs, all, any, bool, float, int, len, max, min, round, sorted, str, sum, and math.*, re.* and methods at column 1"],
    ["lambda: 1", "lambda expressions are not supported at column 1"],
    ["sorted(x, key=lambda v: -v)", "lambda expressions are not supported at column 15"],
    ["[v for v in x]", "comprehensions and generator expressions are not supported at column 4"],
    ["any(v > 1 for v in x)", "comprehensions and generator expressions are not supported at column 11"],
    ["{k: 1 for k in x}", "comprehensions and generator expressions are not supported at column 7"],
    ["x = 1", "assignment ('=') is not supported; use '==' to compare at column 3"],
    ["x += 1", "assignment ('+=') is not supported; use '==' to compare at column 3"],
    ["(y := 2)", "assignment expressions (:=) are not supported at column 4"],
    ["f'{x}'", "f-strings are not supported; build strings with + and str() at column 1"],
    ["x == rf'{x}'", "f-strings are not supported; build strings with + and str() at column 6"],
    ["b'raw'", "bytes literals are not supported at column 1"],
    ["max(*x)", "argument unpacking (*, **) is not supported at column 5"],
    ["{**x}", "dict unpacking (**) is not supported at column 2"],
  ])("%j", (source, message) => {
    const error = expressionErrorOf(() => parseExpression(source));
    expect(error.code).toBe("ExpressionForbidden");
    expect(error.message).toBe(message);
  });
});

describe("JS internals are never reachable at run time", () => {
  const variables = { x: { a: 1 }, items: [1], text: "abc" };

  it.each([
    ["x['constructor']", "KeyError: 'constructor'"],
    ["x['__proto__']", "KeyError: '__proto__'"],
    ["x['toString']", "KeyError: 'toString'"],
    ["x.toString", "AttributeError: 'dict' object has no attribute or key 'toString'"],
    ["x.hasOwnProperty", "AttributeError: 'dict' object has no attribute or key 'hasOwnProperty'"],
    ["text.toString", "AttributeError: 'str' object has no attribute 'toString' that expressions may use (available: startswith, endswith, lower, upper, strip, lstrip, rstrip, split, replace, find, count, isdigit, isalpha, join)"],
    ["text.length", "AttributeError: 'str' object has no attribute 'length' that expressions may use (available: startswith, endswith, lower, upper, strip, lstrip, rstrip, split, replace, find, count, isdigit, isalpha, join)"],
    ["items.map", "AttributeError: 'list' object has no attribute 'map' that expressions may use (available: count, index)"],
    ["items['length']", "TypeError: list indices must be integers or slices, not str"],
    ["text['length']", "TypeError: string indices must be integers, not 'str'"],
    ["abs.call", "AttributeError: 'builtin_function_or_method' object has no attribute 'call' that expressions may use"],
    ["math.constructor_", "AttributeError: module 'math' has no attribute 'constructor_'"],
    ["valueOf", "NameError: name 'valueOf' is not defined"],
    ["re.match('a', 'a').input", "AttributeError: 're.Match' object has no attribute 'input' that expressions may use (available: group, groups, groupdict, start, end, span)"],
  ])("%s", (source, detail) => {
    const error = expressionErrorOf(() => evaluateExpression(source, variables));
    expect(error.code).toBe("ExpressionEvaluation");
    expect(error.detail).toBe(detail);
  });

  it("a call of a variable is refused before it runs", () => {
    expect(expressionErrorOf(() => parseExpression("x()")).code).toBe("ExpressionForbidden");
  });
});
