import type { Json } from "../asl/types";
import { TemplateError } from "./errors";

/** Where a local run pretends to be (LOCAL_PLACE): what the region and account pseudo parameters resolve to. */
export interface Place {
  readonly region: string;
  readonly accountId: string;
}

export interface IntrinsicScope {
  place: Place;
  /** The value of `Ref` to a logical id (a resource or template parameter); undefined when the template defines no such id. */
  ref(logicalId: string): string | undefined;
}

/** `${Name}` or `${!Literal}` in an Fn::Sub string. */
const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Resolves the CloudFormation intrinsics the compiler writes into a job definition, as
 * CloudFormation would on deploy: `Ref` (pseudo parameters, logical ids) and `Fn::Sub` (string or
 * [string, variables] form, `${!x}` kept as the literal `${x}`). Any other intrinsic is refused by
 * name rather than passed through, so a job never runs with an unresolved `{"Fn::...": ...}` in it.
 * `path` names the value in the template, for the error message.
 */
export function resolveIntrinsics(value: unknown, scope: IntrinsicScope, path: string): Json {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item, i) => resolveIntrinsics(item, scope, `${path}[${i}]`));
  if (typeof value !== "object") throw new TemplateError("BadJobDefinition", `${path}: ${typeof value} is not a JSON value`);
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && isIntrinsicName(only[0])) return resolveFunction(only[0], only[1], scope, `${path}.${only[0]}`);
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, scope, `${path}.${key}`)]));
}

function isIntrinsicName(key: string): boolean {
  return key === "Ref" || key.startsWith("Fn::");
}

function resolveFunction(name: string, argument: unknown, scope: IntrinsicScope, path: string): string {
  if (name === "Ref") {
    if (typeof argument !== "string") throw new TemplateError("BadJobDefinition", `${path}: Ref takes a logical id or pseudo parameter name`);
    return reference(argument, scope, path);
  }
  if (name === "Fn::Sub") return substitute(argument, scope, path);
  throw new TemplateError(
    "UnsupportedIntrinsic",
    `${path}: ${name} cannot be resolved in a local run (only Ref and Fn::Sub can); compile the workflow again with this version of stepbatch`,
  );
}

function substitute(argument: unknown, scope: IntrinsicScope, path: string): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof text !== "string" || typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    throw new TemplateError("BadJobDefinition", `${path}: Fn::Sub takes a string or [string, {name: value}]`);
  }
  const values = new Map<string, string>();
  for (const [name, raw] of Object.entries(variables)) {
    const resolved = resolveIntrinsics(raw, scope, `${path}[1].${name}`);
    if (typeof resolved !== "string") throw new TemplateError("BadJobDefinition", `${path}[1].${name}: a Fn::Sub variable must be a string`);
    values.set(name, resolved);
  }
  return text.replace(SUB_VARIABLE, (_whole, inner: string) => {
    if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    return values.get(name) ?? reference(name, scope, path);
  });
}

function reference(name: string, scope: IntrinsicScope, path: string): string {
  if (name === "AWS::Region") return scope.place.region;
  if (name === "AWS::AccountId") return scope.place.accountId;
  if (name.startsWith("AWS::")) {
    throw new TemplateError(
      "UnknownReference",
      `${path}: the pseudo parameter ${name} has no value in a local run (only AWS::Region and AWS::AccountId do); compile the workflow with a name instead of the stack's`,
    );
  }
  if (name.includes(".")) {
    throw new TemplateError("UnsupportedIntrinsic", `${path}: \${${name}} reads a resource attribute, which a local run cannot resolve`);
  }
  const value = scope.ref(name);
  if (value === undefined) throw new TemplateError("UnknownReference", `${path}: ${name} is neither a resource nor a parameter with a Default in the template`);
  return value;
}
