// The safe Python expression evaluator behind chooser conditions (`if:`) and QC checks (`stop_early_if`).
export type { Expr } from "./ast";
export { fromPython, toPython } from "./convert";
export { ExpressionError, type ExpressionErrorCode, type SourcePosition } from "./errors";
export { evaluate, evaluateExpression, evaluatePython } from "./evaluator";
export { parseExpression } from "./parser";
export { pyRepr, pyStr } from "./repr";
export { isTruthy } from "./truthiness";
export type { PyValue } from "./values";
