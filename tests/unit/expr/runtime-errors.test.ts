import { describe, expect, it } from "vitest";
import { evaluateExpression, parseExpression } from "../../../shared/expr";
import { expressionErrorOf } from "./expression-error";

const variables = { stats: { depth: 7, kind: "paired" }, items: [1, 2], name: "S1" };

describe("run-time errors read like Python's and point at the failing part", () => {
  it.each([
    ["foo > 1", "NameError: name 'foo' is not defined at column 1"],
    ["stats.kind < 3", "TypeError: '<' not supported between instances of 'str' and 'int' at column 12"],
    ["0 < stats.depth < 'x'", "TypeError: '<' not supported between instances of 'int' and 'str' at column 17"],
    ["stats.depth / (stats.depth - 7)", "ZeroDivisionError: division by zero at column 13"],
    ["stats.missing == 1", "AttributeError: 'dict' object has no attribute or key 'missing' at column 7"],
    ["stats['missing']", "KeyError: 'missing' at column 6"],
    ["items[2]", "IndexError: list index out of range at column 6"],
    ["name + 1", "TypeError: can only concatenate str (not \"int\") to str at column 6"],
    ["len(stats.depth)", "TypeError: object of type 'int' has no len() at column 1"],
    ["name.startswith(1)", "TypeError: startswith first arg must be str or a tuple of str, not int at column 6"],
    ["int(name)", "ValueError: invalid literal for int() with base 10: 'S1' at column 1"],
    ["math.sqrt(-stats.depth)", "ValueError: math domain error at column 6"],
    ["round(1.5, ndigits=1, extra=2)", "TypeError: round() got an unexpected keyword argument 'extra' at column 1"],
    ["(-8) ** 0.5", "raising a negative number to a fractional power (the result is complex) is not supported at column 6"],
    ["'%s' % name", "string formatting with '%' is not supported at column 6"],
    ["re.match(name, 'x', re.VERBOSE)", "re.error: verbose mode (re.VERBOSE, (?x)) is not supported at position 0 in pattern \"S1\" at column 4"],
  ])("%s", (source, message) => {
    const error = expressionErrorOf(() => evaluateExpression(source, variables));
    expect(error.code).toBe("ExpressionEvaluation");
    expect(error.message).toBe(message);
  });

  it("places errors inside multi-line expressions by line and column", () => {
    const error = expressionErrorOf(() => evaluateExpression("(stats.depth > 1 and\n  missing)", variables));
    expect([error.line, error.column, error.detail]).toEqual([2, 3, "NameError: name 'missing' is not defined"]);
  });

  it("does not evaluate what short-circuiting skips", () => {
    expect(evaluateExpression("stats.depth > 100 and stats.missing", variables)).toBe(false);
    expect(evaluateExpression("stats.depth or 1 / 0", variables)).toBe(7);
    expect(evaluateExpression("1 if stats.depth else missing", variables)).toBe(1);
    expect(evaluateExpression("stats.depth > 100 > missing", variables)).toBe(false);
  });
});

describe("runaway results are refused instead of exhausting memory", () => {
  it.each([
    ["'x' * 10 ** 7", "OverflowError: result would hold 10000000 items, more than the limit of 1000000"],
    ["[0] * 2000 * 2000", "OverflowError: result would hold 4000000 items, more than the limit of 1000000"],
    ["2 ** 1000000", "OverflowError: integer result has more than 100000 bits"],
    ["1 << 200000", "OverflowError: integer result has more than 100000 bits"],
    ["str([[0] * 1000] * 1000)", "ValueError: text of the value is longer than the limit of 1000000 characters"],
    ["str(10 ** 5000)", "ValueError: Exceeds the limit (4300 digits) for integer string conversion"],
    ["int('1' * 5000)", "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"],
    ["('ab' * 400000).replace('a', 'xyz')", "OverflowError: result would hold 1600000 items, more than the limit of 1000000"],
  ])("%s", (source, detail) => {
    const error = expressionErrorOf(() => evaluateExpression(source, {}));
    expect(error.code).toBe("ExpressionEvaluation");
    expect(error.detail).toBe(detail);
  });

  it("still allows results within the limits", () => {
    expect(evaluateExpression("len('x' * 10 ** 6)", {})).toBe(1_000_000);
    expect(evaluateExpression("len(str(2 ** 10000))", {})).toBe(3011);
    expect(() => parseExpression("2 ** 1000000")).not.toThrow();
  });
});
