/**
 * A state the validator should have made impossible (an unknown step kind, two states with one
 * name). Bad user input never reaches the compiler, so this always means a stepbatch bug.
 */
export class CompileError extends Error {
  readonly code = "COMPILE_INTERNAL";

  constructor(message: string) {
    super(message);
    this.name = "CompileError";
  }
}
