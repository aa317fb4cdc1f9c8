import { ExpressionError } from "../../../shared/expr";

/** The ExpressionError `run` throws; fails the test if it throws nothing or something else. */
export function expressionErrorOf(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error("expected an ExpressionError, got none");
}
