import { createRequire } from "node:module";
import { expect } from "vitest";

// asl-validator is CommonJS without type declarations.
type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const validateAsl = createRequire(import.meta.url)("asl-validator") as AslValidator;

/** Asserts that asl-validator accepts a state machine definition. */
export function expectValidAsl(definition: unknown): void {
  // The validator writes defaults into what it checks; give it a copy.
  const result = validateAsl(structuredClone(definition));
  expect(result.errorsText(), "asl-validator").toBe("");
  expect(result.isValid).toBe(true);
}
