export type ExpressionErrorCode = "ExpressionSyntax" | "ExpressionForbidden" | "ExpressionEvaluation";

/** 1-based line and column (UTF-16 units) in the expression source. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Python's exception names, kept in runtime messages so users recognise what Python would have said. */
export type PythonErrorKind =
  | "AttributeError"
  | "IndexError"
  | "KeyError"
  | "NameError"
  | "OverflowError"
  | "TypeError"
  | "ValueError"
  | "ZeroDivisionError"
  | "re.error";

/** The one error the evaluator raises: a code a caller can branch on and a message a user can act on. */
export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  /** The message without its position. */
  readonly detail: string;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: ExpressionErrorCode, detail: string, position?: SourcePosition) {
    super(position === undefined ? detail : `${detail} at ${describePosition(position)}`);
    this.name = "ExpressionError";
    this.code = code;
    this.detail = detail;
    this.line = position?.line;
    this.column = position?.column;
  }

  /** Value helpers raise without knowing where they are; the evaluator places the error at the node that failed. */
  placedAt(position: SourcePosition): ExpressionError {
    return this.column === undefined ? new ExpressionError(this.code, this.detail, position) : this;
  }
}

function describePosition({ line, column }: SourcePosition): string {
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
}

export function syntaxError(detail: string, position: SourcePosition): ExpressionError {
  return new ExpressionError("ExpressionSyntax", detail, position);
}

export function forbidden(detail: string, position: SourcePosition): ExpressionError {
  return new ExpressionError("ExpressionForbidden", detail, position);
}

export function pythonError(kind: PythonErrorKind, message: string): ExpressionError {
  return new ExpressionError("ExpressionEvaluation", `${kind}: ${message}`);
}

/** For Python features whose results this evaluator cannot represent (complex numbers, %-formatting). */
export function unsupported(message: string): ExpressionError {
  return new ExpressionError("ExpressionEvaluation", `${message} is not supported`);
}
