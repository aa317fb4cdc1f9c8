import { describeValue, type SpecError } from "./errors";
import { plainValue, type MapEntry, type MapNode, type TreeNode } from "./tree";

// Shapes describe the language once and give both the validator (read) and the JSON Schema (schema),
// so that editors and `stepbatch validate` cannot disagree about what a field accepts.

export type JsonSchema = Record<string, unknown>;

/** Where reading happens: errors go to `errors`, tagged with the step being read. */
export interface ReadContext {
  errors: SpecError[];
  step?: string;
}

export interface Shape<T> {
  /** Reads a node; records an error and returns undefined when it does not fit. */
  read(node: TreeNode, cx: ReadContext, field: string): T | undefined;
  schema: JsonSchema;
  /** Says what the shape accepts, for "expected ..., got ..." messages. */
  expected: string;
}

export function fail(cx: ReadContext, node: { pos: TreeNode["pos"] }, field: string, message: string): undefined {
  cx.errors.push({ pos: node.pos, ...(cx.step !== undefined && { step: cx.step }), ...(field && { field }), message });
  return undefined;
}

export function mismatch(cx: ReadContext, node: TreeNode, field: string, expected: string): undefined {
  return fail(cx, node, field, `expected ${expected}, got ${describeValue(plainValue(node))}`);
}

export function subField(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

export function indexField(field: string, index: number): string {
  return `${field}[${index}]`;
}

interface StringOptions {
  pattern?: RegExp;
  expected?: string;
  description?: string;
  /** Numbers and booleans are turned into their text (tag values are). */
  coerce?: boolean;
}

export function str(opts: StringOptions = {}): Shape<string> {
  const expected = opts.expected ?? "a string";
  const base: JsonSchema = opts.coerce ? { type: ["string", "number", "boolean"] } : { type: "string" };
  return {
    expected,
    schema: { ...base, ...(opts.pattern && { pattern: opts.pattern.source }), ...(opts.description && { description: opts.description }) },
    read(node, cx, field) {
      if (node.kind === "map" && node.entries.length === 1) {
        return fail(cx, node, field, `expected ${expected}, got a mapping (an unquoted ': ' makes YAML read a mapping; quote the text or use a block scalar '|')`);
      }
      if (node.kind !== "scalar" || node.value === null) return mismatch(cx, node, field, expected);
      if (typeof node.value !== "string" && !opts.coerce) return mismatch(cx, node, field, expected);
      const text = String(node.value);
      if (opts.pattern && !opts.pattern.test(text)) return mismatch(cx, node, field, expected);
      return text;
    },
  };
}

export function bool(description?: string): Shape<boolean> {
  return {
    expected: "true or false",
    schema: { type: "boolean", ...(description && { description }) },
    read(node, cx, field) {
      if (node.kind === "scalar" && typeof node.value === "boolean") return node.value;
      return mismatch(cx, node, field, "true or false");
    },
  };
}

interface IntegerOptions {
  min?: number;
  max?: number;
  /** Accept digit strings too (the reference coerces some fields). */
  coerce?: boolean;
  description?: string;
}

export function integer(opts: IntegerOptions = {}): Shape<number> {
  const { min, max } = opts;
  const expected =
    min !== undefined && max !== undefined
      ? `a whole number from ${min} to ${max}`
      : min !== undefined
        ? `a whole number of at least ${min}`
        : "a whole number";
  const bounds = { ...(min !== undefined && { minimum: min }), ...(max !== undefined && { maximum: max }) };
  const schema: JsonSchema = opts.coerce
    ? { anyOf: [{ type: "integer", ...bounds }, { type: "string", pattern: "^[0-9]+$" }] }
    : { type: "integer", ...bounds };
  return {
    expected,
    schema: { ...schema, ...(opts.description && { description: opts.description }) },
    read(node, cx, field) {
      if (node.kind !== "scalar") return mismatch(cx, node, field, expected);
      const value =
        typeof node.value === "number" ? node.value : opts.coerce && typeof node.value === "string" && /^[0-9]+$/.test(node.value) ? Number(node.value) : NaN;
      if (!Number.isInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
        return mismatch(cx, node, field, expected);
      }
      return value;
    },
  };
}

export function num(opts: { description?: string } = {}): Shape<number> {
  return {
    expected: "a number",
    schema: { type: "number", ...(opts.description && { description: opts.description }) },
    read(node, cx, field) {
      if (node.kind === "scalar" && typeof node.value === "number") return node.value;
      return mismatch(cx, node, field, "a number");
    },
  };
}

export function oneOf<T extends string>(values: readonly T[], description?: string): Shape<T> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return {
    expected,
    schema: { enum: [...values], ...(description && { description }) },
    read(node, cx, field) {
      if (node.kind === "scalar" && values.includes(node.value as T)) return node.value as T;
      return mismatch(cx, node, field, expected);
    },
  };
}

/** A shape whose value is read from a string with a small grammar (sizes, durations, shorthands). */
export function parsed<T>(opts: {
  expected: string;
  schema: JsonSchema;
  parse: (value: string | number | boolean) => T | undefined;
}): Shape<T> {
  return {
    expected: opts.expected,
    schema: opts.schema,
    read(node, cx, field) {
      if (node.kind !== "scalar" || node.value === null) return mismatch(cx, node, field, opts.expected);
      const value = opts.parse(node.value);
      return value === undefined ? mismatch(cx, node, field, opts.expected) : value;
    },
  };
}

/** A shape whose value is converted after reading (longhand mappings into model objects). */
export function converted<A, B>(shape: Shape<A>, convert: (value: A) => B): Shape<B> {
  return {
    expected: shape.expected,
    schema: shape.schema,
    read(node, cx, field) {
      const value = shape.read(node, cx, field);
      return value === undefined ? undefined : convert(value);
    },
  };
}

/** Only `true`: flags like `end` that mean nothing when false. */
export function trueOnly(expected: string): Shape<true> {
  return {
    expected,
    schema: { const: true },
    read(node, cx, field) {
      if (node.kind === "scalar" && node.value === true) return true;
      return fail(cx, node, field, expected);
    },
  };
}

/** Anything at all (pass-through ASL fields). */
export function anything(description?: string): Shape<unknown> {
  return { expected: "any value", schema: description ? { description } : {}, read: (node) => plainValue(node) };
}

export function list<T>(item: Shape<T>, opts: { min?: number; description?: string } = {}): Shape<T[]> {
  const expected = `a list of ${item.expected.replace(/^an? /, "")}s`;
  return {
    expected,
    schema: { type: "array", items: item.schema, ...(opts.min && { minItems: opts.min }), ...(opts.description && { description: opts.description }) },
    read(node, cx, field) {
      if (node.kind !== "seq") return mismatch(cx, node, field, expected);
      if (opts.min && node.items.length < opts.min) return fail(cx, node, field, `expected at least ${opts.min} item${opts.min > 1 ? "s" : ""}, got none`);
      return collect(node.items.map((n, i) => item.read(n, cx, indexField(field, i))));
    },
  };
}

/** One item or a list of them; always read as a list. */
export function listOrOne<T>(item: Shape<T>, description?: string, min?: number): Shape<T[]> {
  const many = list(item, { ...(min !== undefined && { min }) });
  return {
    expected: `${item.expected} or ${many.expected}`,
    schema: { anyOf: [item.schema, many.schema], ...(description && { description }) },
    read(node, cx, field) {
      if (node.kind === "seq") return many.read(node, cx, field);
      const one = item.read(node, cx, field);
      return one === undefined ? undefined : [one];
    },
  };
}

function collect<T>(values: Array<T | undefined>): T[] | undefined {
  return values.every((v) => v !== undefined) ? (values as T[]) : undefined;
}

interface MapOptions {
  keyPattern?: RegExp;
  keyExpected?: string;
  /** Also accept the legacy list of single-entry mappings, merged in order. */
  allowList?: boolean;
  /** At least one entry, called this in messages. */
  nonEmpty?: string;
  description?: string;
}

/** A mapping from names to values of one shape; the order of keys is kept. */
export function record<T>(value: Shape<T>, opts: MapOptions = {}): Shape<Array<[string, T]>> {
  const expected = "a mapping of names to values";
  const names = opts.keyPattern ? { propertyNames: { pattern: opts.keyPattern.source } } : {};
  const mapSchema: JsonSchema = { type: "object", additionalProperties: value.schema, ...names, ...(opts.nonEmpty && { minProperties: 1 }) };
  const listSchema: JsonSchema = { type: "array", items: { ...mapSchema, minProperties: 1, maxProperties: 1 } };
  return {
    expected,
    schema: {
      ...(opts.allowList ? { anyOf: [mapSchema, listSchema] } : mapSchema),
      ...(opts.description && { description: opts.description }),
    },
    read(node, cx, field) {
      let entries: MapEntry[];
      if (node.kind === "map") entries = node.entries;
      else if (node.kind === "seq" && opts.allowList) {
        entries = [];
        for (const [i, item] of node.items.entries()) {
          if (item.kind !== "map" || item.entries.length !== 1) {
            fail(cx, item, indexField(field, i), `expected a mapping with exactly one name, got ${item.kind === "map" ? `${item.entries.length} names` : describeValue(plainValue(item))}`);
            continue;
          }
          const duplicate = entries.find((e) => e.key === item.entries[0].key);
          if (duplicate) {
            fail(cx, { pos: item.entries[0].keyPos }, field, `'${duplicate.key}' is given twice (first at line ${duplicate.keyPos.line})`);
            continue;
          }
          entries.push(item.entries[0]);
        }
      } else return mismatch(cx, node, field, expected);
      if (opts.nonEmpty && entries.length === 0) return fail(cx, node, field, `expected at least one ${opts.nonEmpty}, got none`);
      let ok = true;
      const out: Array<[string, T]> = [];
      for (const e of entries) {
        if (opts.keyPattern && !opts.keyPattern.test(e.key)) {
          ok = false;
          fail(cx, { pos: e.keyPos }, subField(field, e.key), `expected ${opts.keyExpected ?? "a name"}, got ${JSON.stringify(e.key)}`);
          continue;
        }
        const v = value.read(e.value, cx, subField(field, e.key));
        if (v === undefined) ok = false;
        else out.push([e.key, v]);
      }
      return ok ? out : undefined;
    },
  };
}

export interface FieldDef<T> {
  shape: Shape<T>;
  required?: boolean;
  description?: string;
}
export type Fields = Record<string, FieldDef<unknown>>;
export type ObjectValue<F extends Fields> = { [K in keyof F]?: F[K] extends FieldDef<infer T> ? T : never };

export function field<T>(shape: Shape<T>, description?: string, required = false): FieldDef<T> {
  return { shape, required, ...(description && { description }) };
}

/** A mapping with known fields; unknown fields are errors (they are usually typos). */
export interface ObjectOptions {
  expected?: string;
  description?: string;
  /** Keep other fields as they are. */
  open?: boolean;
  /** Pairs of fields that may not be given together. */
  exclusive?: Array<[string, string]>;
}

export function object<F extends Fields>(fields: F, opts: ObjectOptions = {}): Shape<ObjectValue<F>> & { fields: F } {
  const expected = opts.expected ?? "a mapping";
  const required = Object.keys(fields).filter((k) => fields[k].required);
  return {
    fields,
    expected,
    schema: {
      type: "object",
      properties: Object.fromEntries(
        Object.entries(fields).map(([k, f]) => [k, { ...f.shape.schema, ...(f.description && { description: f.description }) }]),
      ),
      ...(required.length > 0 && { required }),
      additionalProperties: opts.open === true,
      ...(opts.exclusive && { not: { anyOf: opts.exclusive.map((pair) => ({ required: pair })) } }),
      ...(opts.description && { description: opts.description }),
    },
    read(node, cx, fieldPath) {
      if (node.kind !== "map") return mismatch(cx, node, fieldPath, expected);
      return readFields(node, fields, cx, fieldPath, opts);
    },
  };
}

export function readFields<F extends Fields>(
  node: MapNode,
  fields: F,
  cx: ReadContext,
  fieldPath: string,
  opts: Pick<ObjectOptions, "open" | "exclusive"> = {},
): ObjectValue<F> | undefined {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const e of node.entries) {
    const def = Object.hasOwn(fields, e.key) ? fields[e.key] : undefined;
    if (!def && opts.open) {
      out[e.key] = plainValue(e.value);
      continue;
    }
    if (!def) {
      ok = false;
      fail(cx, { pos: e.keyPos }, subField(fieldPath, e.key), unknownFieldMessage(e.key, Object.keys(fields)));
      continue;
    }
    const value = def.shape.read(e.value, cx, subField(fieldPath, e.key));
    if (value === undefined) ok = false;
    else out[e.key] = value;
  }
  for (const [key, def] of Object.entries(fields)) {
    if (def.required && !node.entries.some((e) => e.key === key)) {
      ok = false;
      fail(cx, node, fieldPath, `missing required field '${key}'`);
    }
  }
  for (const [a, b] of opts.exclusive ?? []) {
    const second = node.entries.find((e) => e.key === b);
    if (second && node.entries.some((e) => e.key === a)) {
      ok = false;
      fail(cx, { pos: second.keyPos }, subField(fieldPath, b), `give either ${a} or ${b}, not both`);
    }
  }
  return ok ? (out as ObjectValue<F>) : undefined;
}

/** Typos further than this from every field name get no suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;

export function unknownFieldMessage(key: string, known: string[]): string {
  const close = known
    .map((k) => ({ k, d: k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(k, key) }))
    .filter(({ d }) => d <= MAX_SUGGESTION_DISTANCE)
    .sort((a, b) => a.d - b.d)[0]?.k;
  return `unknown field${close ? `; did you mean '${close}'?` : ""} (expected one of: ${known.join(", ")})`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** Picks a shape by the node's kind: a string shorthand or a mapping longhand, for example. */
export function byKind<T>(alternatives: { scalar?: Shape<T>; map?: Shape<T>; seq?: Shape<T> }, expected: string, description?: string): Shape<T> {
  const shapes = [alternatives.scalar, alternatives.map, alternatives.seq].filter((s): s is Shape<T> => s !== undefined);
  return {
    expected,
    schema: { anyOf: shapes.map((s) => s.schema), ...(description && { description }) },
    read(node, cx, field) {
      const shape = alternatives[node.kind];
      return shape ? shape.read(node, cx, field) : mismatch(cx, node, field, expected);
    },
  };
}
