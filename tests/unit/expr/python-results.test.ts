import { describe, expect, it } from "vitest";
import { ExpressionError, evaluatePython, parseExpression, pyRepr } from "../../../shared/expr";
import { PYTHON_RESULTS } from "./python-results";

/** What a user would see: the value as Python prints it, or the Python-style error. */
function outcome(source: string, variables: Readonly<Record<string, unknown>>): { repr?: string; error?: string } {
  try {
    return { repr: pyRepr(evaluatePython(parseExpression(source), variables)) };
  } catch (error) {
    if (error instanceof ExpressionError) return { error: error.detail };
    throw error;
  }
}

describe("expressions give what Python 3 gives", () => {
  it("covers a broad table", () => {
    expect(PYTHON_RESULTS.length).toBeGreaterThan(500);
  });

  it.each(PYTHON_RESULTS.map((row) => [row.source, row] as const))("%s", (source, row) => {
    const expected = row.error === undefined ? { repr: row.repr } : { error: row.error };
    expect(outcome(source, row.variables ?? {})).toEqual(expected);
  });
});
