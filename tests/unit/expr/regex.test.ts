import { describe, expect, it } from "vitest";
import { evaluateExpression, parseExpression } from "../../../shared/expr";
import { expressionErrorOf } from "./expression-error";

describe("Python regular expressions", () => {
  it.each([
    ["re.match(r'(?P<id>S\\d+)_(?P<lane>L\\d)', sample).group('lane')", "L2"],
    ["re.match(r'(?P<id>S\\d+)_(?P=id)', 'S1_S1').group()", "S1_S1"],
    ["re.search(r'\\.fastq(\\.gz)?$', path).group(1)", ".gz"],
    ["re.search(r'^\\w+$', 'ünïcode_1') is not None", true],
    ["re.fullmatch(r'[A-Z]{2,}', sample[:1])", null],
    ["re.match(r'S\\d+', sample).span()", [0, 2]],
    ["re.match(r'x{1', 'x{1').group()", "x{1"],
  ])("%s → %j", (source, expected) => {
    expect(evaluateExpression(source, { sample: "S1_L2", path: "reads/a.fastq.gz" })).toEqual(expected);
  });

  it.each([
    ["re.match('(?x) a', s)", "re.error: verbose mode (re.VERBOSE, (?x)) is not supported at position 0 in pattern \"(?x) a\" at column 10"],
    ["re.match('a(?i:b)', s)", "re.error: scoped inline flags like (?i:...) are not supported at position 1 in pattern \"a(?i:b)\" at column 10"],
    ["re.search('a(?i)', s)", "re.error: global flags not at the start of the expression at position 1 in pattern \"a(?i)\" at column 11"],
    ["re.search('(?>a)', s)", "re.error: unsupported group '(?>' at position 0 in pattern \"(?>a)\" at column 11"],
    ["re.search(r'[\\W]', s)", "re.error: \\W inside a character set is not supported at position 1 in pattern \"[\\\\W]\" at column 11"],
    ["re.search(r'\\q', s)", "re.error: bad escape \\q at position 0 in pattern \"\\\\q\" at column 11"],
    ["re.fullmatch('a**', s)", "re.error: Nothing to repeat in pattern \"a**\" at column 14"],
    ["re.match('(a', s)", "re.error: Unterminated group in pattern \"(a\" at column 10"],
  ])("a literal pattern that cannot run is refused when parsed: %s", (source, message) => {
    const error = expressionErrorOf(() => parseExpression(source));
    expect(error.code).toBe("ExpressionSyntax");
    expect(error.message).toBe(message);
  });

  it("a pattern built at run time is checked when it runs", () => {
    const error = expressionErrorOf(() => evaluateExpression("re.match(prefix + '(', 'x')", { prefix: "x" }));
    expect(error.code).toBe("ExpressionEvaluation");
    expect(error.message).toBe("re.error: Unterminated group in pattern \"x(\" at column 4");
  });
});
