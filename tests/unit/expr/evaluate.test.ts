import { describe, expect, it } from "vitest";
import {
  evaluate,
  evaluateExpression,
  evaluatePython,
  fromPython,
  isTruthy,
  parseExpression,
  pyRepr,
  pyStr,
  toPython,
} from "../../../shared/expr";
import { expressionErrorOf } from "./expression-error";

describe("the reference's documented idioms", () => {
  const variables = {
    job: { mode: "fast", sample: "S0042" },
    stats: { depth: 7, flags: ["x", "q"] },
    x: 9,
    a: 0.30000000000000004,
  };

  it.each([
    ["stats.depth < 10", true],
    ["job.mode == 'fast' and 'x' in stats.flags", true],
    ["7 < x < 15", true],
    ["job.sample.startswith('S')", true],
    ["re.match('^S[0-9]+$', job.sample) is not None", true],
    ["math.isclose(a, 0.1 + 0.2)", true],
    ["stats.depth > 10 or job.mode == 'slow'", false],
  ])("%s is %s", (source, expected) => {
    expect(isTruthy(evaluateExpression(source, variables))).toBe(expected);
  });

  it("evaluates one parsed expression against many inputs", () => {
    const condition = parseExpression("n_reads < 1000");
    expect([500, 1000, 2500].map((n_reads) => evaluate(condition, { n_reads }))).toEqual([true, false, false]);
  });
});

describe("results come back as plain JS values", () => {
  it.each([
    ["10 / 2", 5],
    ["7 // 2", 3],
    ["2 ** 0.5", Math.SQRT2],
    ["str(3 / 1)", "3.0"],
    ["(1, 'a', None)", [1, "a", null]],
    ["{'k': [1, 2.5], 2: True}", { k: [1, 2.5], "2": true }],
    ["job", { mode: "fast" }],
    ["1 if False else None", null],
    ["re.match('a+', 'aab')", "<re.Match object; span=(0, 2), match='aa'>"],
    ["abs", "<built-in function abs>"],
  ])("%s → %j", (source, expected) => {
    expect(evaluateExpression(source, { job: { mode: "fast" } })).toEqual(expected);
  });

  it("keeps Python's int/float distinction where it shows", () => {
    const variables = { whole: 7, fractional: 7.5 };
    expect(evaluateExpression("str(whole), str(fractional), str(whole * 1.0)", variables)).toEqual(["7", "7.5", "7.0"]);
    expect(pyRepr(evaluatePython(parseExpression("whole / 1"), variables))).toBe("7.0");
    expect(pyStr(evaluatePython(parseExpression("'x'"), {}))).toBe("x");
  });
});

describe("isTruthy follows Python", () => {
  it.each([
    [0, false], [0.0, false], ["", false], [[], false], [{}, false], [null, false], [undefined, false], [false, false],
    [1, true], [-0.5, true], [NaN, true], ["0", true], [[0], true], [{ a: null }, true], [true, true],
  ])("%j → %s", (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });

  it.each([
    ["0", false], ["0.0", false], ["()", false], ["{}", false], ["None", false], ["''", false], ["[]", false],
    ["(0,)", true], ["-1", true], ["{0: 0}", true], ["re.match('', '')", true], ["math", true],
  ])("Python value of %s → %s", (source, expected) => {
    expect(isTruthy(evaluatePython(parseExpression(source), {}))).toBe(expected);
  });
});

describe("variables", () => {
  it("turns integral JSON numbers into ints and others into floats", () => {
    expect(pyRepr(toPython({ n: 3, f: 2.5, big: 2 ** 60, list: [1, -0] }))).toBe("{'n': 3, 'f': 2.5, 'big': 1.152921504606847e+18, 'list': [1, 0]}");
    expect(fromPython(toPython({ a: [1, { b: "c" }], u: undefined }))).toEqual({ a: [1, { b: "c" }], u: null });
  });

  it("shadow the builtins, as Python's locals do", () => {
    expect(evaluateExpression("max + 1", { max: 3 })).toBe(4);
    expect(expressionErrorOf(() => evaluateExpression("max(1, 2)", { max: 3 })).message).toBe("TypeError: 'int' object is not callable at column 1");
  });

  it("only own keys count, so prototype members are not variables", () => {
    const variables = Object.create({ inherited: 1 }) as Record<string, unknown>;
    expect(expressionErrorOf(() => evaluateExpression("inherited", variables)).message).toBe("NameError: name 'inherited' is not defined at column 1");
    expect(expressionErrorOf(() => evaluateExpression("toString", {})).message).toBe("NameError: name 'toString' is not defined at column 1");
  });

  it("reads a JSON '__proto__' key as data, by index only", () => {
    const parsed = JSON.parse('{"data": {"__proto__": {"polluted": 1}}}') as Record<string, unknown>;
    expect(evaluateExpression("data['__proto__']['polluted']", parsed)).toBe(1);
    expect(evaluateExpression("len(data)", parsed)).toBe(1);
  });

  it("refuses JS values that have no Python equivalent", () => {
    const error = expressionErrorOf(() => evaluateExpression("callback", { callback: () => 1 }));
    expect(error.code).toBe("ExpressionEvaluation");
    expect(error.message).toBe("variable 'callback' holds a JS function, which has no Python equivalent at column 1");
    expect(expressionErrorOf(() => evaluateExpression("when", { when: new Date(0) })).detail).toBe("variable 'when' holds a JS Date, which has no Python equivalent");
  });

  it("refuses values nested beyond the limit, such as cyclic objects", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(expressionErrorOf(() => evaluateExpression("loop", { loop: cyclic })).detail).toBe("variable 'loop' is nested more than 1000 levels deep");
  });
});
