import { ExpressionError, parseExpression } from "../../expr";
import { fail, type ReadContext } from "../shapes";
import type { SourcePos } from "../types";

/** Chooser and QC expressions are parsed at compile time, so a typo fails here and not mid-run. */
export function checkExpression(expression: string, cx: ReadContext, pos: SourcePos, field: string): void {
  try {
    parseExpression(expression);
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    fail(cx, { pos }, field, `expression ${JSON.stringify(expression)} is not valid: ${e.message}`);
  }
}
