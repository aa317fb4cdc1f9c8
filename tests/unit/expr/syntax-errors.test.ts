import { describe, expect, it } from "vitest";
import { parseExpression } from "../../../shared/expr";
import { expressionErrorOf } from "./expression-error";

describe("syntax errors name what is wrong and where", () => {
  it.each([
    ["(1 + 2))", "unmatched ')' at column 8"],
    ["f(a, b))", "unmatched ')' at column 8"],
    ["len(x]", "closing ']' does not match opening '(' at column 6"],
    ["x == 'abc", "unterminated string starting at column 6"],
    ["x == '''abc", "unterminated triple-quoted string starting at column 6"],
    ["'a\nb'", "unterminated string starting at column 1"],
    ["(1, 2", "'(' was never closed at column 1"],
    ["1 +", "unexpected end of expression at column 4"],
    ["", "empty expression at column 1"],
    ["   ", "empty expression at column 4"],
    ["x y", "unexpected 'y' at column 3"],
    ["x == == 1", "unexpected '==' at column 6"],
    ["1 +\n2", "unexpected end of line at column 4"],
    ["1\n+ 2", "unexpected '+' at line 2, column 1"],
    ["a if b", "expected 'else' in conditional expression at column 7"],
    ["import os", "unexpected 'import' at column 1"],
    ["x. 1", "expected an attribute name after '.' at column 4"],
    ["x.if", "expected an attribute name after '.' at column 3"],
    ["x $ 1", "invalid character '$' at column 3"],
    ["x \\ 1", "unexpected character after line continuation character at column 3"],
    ["0777", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers at column 1"],
    ["12abc", "invalid number literal '12a' at column 1"],
    ["3j", "complex number literals are not supported at column 1"],
    ["'\\x4'", "truncated \\x escape in string at column 2"],
    ["'\\N{DASH}'", "\\N{...} escapes are not supported; use \\u or \\U at column 2"],
    ["{1, 2}", "set literals are not supported at column 1"],
    ["x[1:2, 3]", "slices inside a tuple index are not supported at column 3"],
    ["round(ndigits=1, 2)", "positional argument follows keyword argument at column 18"],
    ["round(x, ndigits=1, ndigits=2)", "keyword argument repeated: ndigits at column 21"],
    ["...", "Ellipsis ('...') is not supported at column 1"],
    ["1" + "0".repeat(4301), "integer literal has more than 4300 digits at column 1"],
  ])("%j", (source, message) => {
    const error = expressionErrorOf(() => parseExpression(source));
    expect(error.code).toBe("ExpressionSyntax");
    expect(error.message).toBe(message);
  });

  it("reports line and column as numbers too", () => {
    const error = expressionErrorOf(() => parseExpression("(a and\n  b c)"));
    expect([error.line, error.column, error.detail]).toEqual([2, 5, "unexpected 'c'"]);
  });

  it("refuses expressions nested deeper than the limit", () => {
    const nested = (depth: number) => `${"(".repeat(depth)}1${")".repeat(depth)}`;
    expect(() => parseExpression(nested(100))).not.toThrow();
    expect(expressionErrorOf(() => parseExpression(nested(101))).message).toBe(
      "expression is nested too deeply (more than 100 levels) at column 101",
    );
    expect(expressionErrorOf(() => parseExpression(Array(200).fill("1").join(" + "))).code).toBe("ExpressionSyntax");
    expect(expressionErrorOf(() => parseExpression("-".repeat(200) + "1")).code).toBe("ExpressionSyntax");
  });

  it("accepts what Python accepts around the expression", () => {
    expect(() => parseExpression("  x < 1  # a comment\n")).not.toThrow();
    expect(() => parseExpression("(x <\n 1)")).not.toThrow();
    expect(() => parseExpression("x < \\\n 1")).not.toThrow();
    expect(() => parseExpression("1,")).not.toThrow();
  });
});
