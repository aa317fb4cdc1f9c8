/** The builtin functions an expression may call; the parser refuses calls to any other bare name. */
export const BUILTIN_FUNCTION_NAMES = [
  "abs",
  "all",
  "any",
  "bool",
  "float",
  "int",
  "len",
  "max",
  "min",
  "round",
  "sorted",
  "str",
  "sum",
] as const;

export type BuiltinFunctionName = (typeof BUILTIN_FUNCTION_NAMES)[number];

const BUILTIN_FUNCTIONS = new Set<string>(BUILTIN_FUNCTION_NAMES);

export function isBuiltinFunctionName(name: string): name is BuiltinFunctionName {
  return BUILTIN_FUNCTIONS.has(name);
}

/** Names that would reach JS or Python internals if a lookup ever fell through to an object's prototype. */
export function isReservedName(name: string): boolean {
  return name.startsWith("_") || name === "constructor" || name === "prototype";
}
