import { pythonError } from "./errors";
import { PyFunction, typeName, type PyValue } from "./values";

/** Arguments in parameter order; undefined where an optional one was not given (apart from an explicit None). */
export type BoundArguments = readonly (PyValue | undefined)[];

/**
 * Matches call arguments to parameters written as `["x", "base?", "*", "key?"]`: '?' marks optional,
 * names after '*' are keyword-only. Any parameter may also be passed by keyword.
 */
export function bindArguments(
  functionName: string,
  parameters: readonly string[],
  args: readonly PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
): BoundArguments {
  const star = parameters.indexOf("*");
  const declared = parameters.filter((parameter) => parameter !== "*");
  const names = declared.map((parameter) => parameter.replace(/\?$/, ""));
  const positionalCount = star === -1 ? names.length : star;
  if (args.length > positionalCount) {
    throw pythonError("TypeError", `${functionName}() takes at most ${positionalCount} positional argument${positionalCount === 1 ? "" : "s"} (${args.length} given)`);
  }
  const bound: (PyValue | undefined)[] = names.map((_, index) => args[index]);
  for (const [name, value] of keywords) {
    const index = names.indexOf(name);
    if (index === -1) throw pythonError("TypeError", `${functionName}() got an unexpected keyword argument '${name}'`);
    if (index < args.length) throw pythonError("TypeError", `${functionName}() got multiple values for argument '${name}'`);
    bound[index] = value;
  }
  declared.forEach((parameter, index) => {
    if (!parameter.endsWith("?") && bound[index] === undefined) {
      throw pythonError("TypeError", `${functionName}() missing required argument '${names[index]}'`);
    }
  });
  return bound;
}

/** A builtin or module function with a fixed signature. */
export function nativeFunction(name: string, parameters: readonly string[], run: (args: BoundArguments) => PyValue): PyFunction {
  return new PyFunction(name, (args, keywords) => run(bindArguments(name, parameters, args, keywords)));
}

/** Calls a Python callable (a `key=` function) from native code. */
export function callValue(callee: PyValue, args: readonly PyValue[]): PyValue {
  if (!(callee instanceof PyFunction)) throw pythonError("TypeError", `'${typeName(callee)}' object is not callable`);
  return callee.call(args, new Map());
}

/** A method of a builtin type, bound to its object on attribute access. */
export interface Method<Self> {
  readonly parameters: readonly string[];
  readonly run: (self: Self, args: BoundArguments) => PyValue;
}

export type MethodTable<Self> = ReadonlyMap<string, Method<Self>>;

export function method<Self>(parameters: readonly string[], run: (self: Self, args: BoundArguments) => PyValue): Method<Self> {
  return { parameters, run };
}

export function bindMethod<Self extends PyValue>(self: Self, name: string, { parameters, run }: Method<Self>): PyFunction {
  return new PyFunction(name, (args, keywords) => run(self, bindArguments(name, parameters, args, keywords)), typeName(self));
}
