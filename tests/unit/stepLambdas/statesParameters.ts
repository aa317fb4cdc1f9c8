// Resolves a compiled state's Parameters (or a Map's ItemSelector) against a state input, as Step
// Functions does, for the few path forms the compiler uses for Lambda tasks: `$`, `$.a.b`, `$$.a.b`,
// States.JsonToString(path) and States.Format('{}', path). Any other form fails the test.

export interface StatesContext {
  Execution: { Id: string; Name: string };
  Map?: { Item: { Index: number; Value: unknown } };
}

export function resolveParameters(template: unknown, input: unknown, context: StatesContext): unknown {
  if (Array.isArray(template)) return template.map((item) => resolveParameters(item, input, context));
  if (typeof template !== "object" || template === null) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith(".$") ? [key.slice(0, -2), evaluate(value as string, input, context)] : [key, resolveParameters(value, input, context)],
    ),
  );
}

function evaluate(expression: string, input: unknown, context: StatesContext): unknown {
  const jsonToString = /^States\.JsonToString\((.+)\)$/.exec(expression);
  if (jsonToString) return JSON.stringify(evaluate(jsonToString[1], input, context));
  const format = /^States\.Format\('\{\}', (.+)\)$/.exec(expression);
  if (format) return String(evaluate(format[1], input, context));
  if (expression.startsWith("$$.")) return follow(context, expression.slice(3));
  if (expression === "$") return input;
  if (expression.startsWith("$.")) return follow(input, expression.slice(2));
  throw new Error(`statesParameters cannot evaluate ${expression}`);
}

function follow(data: unknown, path: string): unknown {
  let current = data;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || !(key in current)) throw new Error(`path ${path} is not in the state input`);
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
