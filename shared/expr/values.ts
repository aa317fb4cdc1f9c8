import { pythonError } from "./errors";

/**
 * A Python value. bigint is int and number is float, so int/float stay apart (`str(10/2)` is '5.0');
 * a JS array is a list; None is null.
 */
export type PyValue = null | boolean | bigint | number | string | PyList | PyTuple | PyDict | PyFunction | PyModule | PyMatch;
export type PyList = PyValue[];

/** A tuple needs its own type to stay apart from a list (`(1,) != [1]`). */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export type NativeCall = (args: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>) => PyValue;

/** A whitelisted builtin, module function or bound method: the only callables an expression can reach. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly call: NativeCall,
    /** The type name of the object a method is bound to. */
    readonly boundTo?: string,
  ) {}
}

export class PyModule {
  constructor(
    readonly name: string,
    readonly members: ReadonlyMap<string, PyValue>,
  ) {}
}

/** The result of re.match/search/fullmatch: a JS match made with the 'd' flag, and the string it ran on. */
export class PyMatch {
  constructor(
    readonly result: RegExpExecArray,
    readonly input: string,
  ) {}
}

/**
 * A dict keyed by Python equality (`d[1]`, `d[1.0]` and `d[True]` are one entry), backed by a Map so no
 * key ever reaches a JS prototype. Built once, never mutated by an expression.
 */
export class PyDict {
  private readonly entries = new Map<string, readonly [PyValue, PyValue]>();

  constructor(pairs: Iterable<readonly [PyValue, PyValue]> = []) {
    for (const [key, value] of pairs) {
      // As in Python, a later equal key ({1: 'x', 1.0: 'y'}) replaces the value but keeps the first key.
      const hash = hashKey(key);
      this.entries.set(hash, [this.entries.get(hash)?.[0] ?? key, value]);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value for `key`, or undefined when absent. */
  lookup(key: PyValue): PyValue | undefined {
    return this.entries.get(hashKey(key))?.[1];
  }

  keys(): PyValue[] {
    return [...this.entries.values()].map(([key]) => key);
  }

  values(): PyValue[] {
    return [...this.entries.values()].map(([, value]) => value);
  }

  items(): (readonly [PyValue, PyValue])[] {
    return [...this.entries.values()];
  }
}

export function typeName(value: PyValue): string {
  if (value === null) return "NoneType";
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "bigint":
      return "int";
    case "number":
      return "float";
    case "string":
      return "str";
  }
  if (Array.isArray(value)) return "list";
  if (value instanceof PyTuple) return "tuple";
  if (value instanceof PyDict) return "dict";
  if (value instanceof PyFunction) return "builtin_function_or_method";
  if (value instanceof PyModule) return "module";
  return "re.Match";
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** A string equal for values Python hashes and compares equal; throws TypeError for unhashable values. */
function hashKey(value: PyValue): string {
  if (value === null) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "n:1" : "n:0";
    case "bigint":
      return `n:${value}`;
    case "number":
      return Number.isInteger(value) ? `n:${BigInt(value)}` : `f:${value}`;
    case "string":
      return `s:${value}`;
  }
  if (value instanceof PyTuple) return `t:${JSON.stringify(value.items.map(hashKey))}`;
  if (Array.isArray(value) || value instanceof PyDict) throw pythonError("TypeError", `unhashable type: '${typeName(value)}'`);
  let identity = identities.get(value);
  if (identity === undefined) {
    identity = nextIdentity++;
    identities.set(value, identity);
  }
  return `o:${identity}`;
}
