import { bindMethod, type MethodTable } from "./arguments";
import { DICT_METHODS, LIST_METHODS, TUPLE_METHODS } from "./collection-methods";
import { pythonError } from "./errors";
import { MATCH_METHODS } from "./match-object";
import { STR_METHODS } from "./str-methods";
import { PyDict, PyFunction, PyMatch, PyModule, PyTuple, typeName, type PyValue } from "./values";

/**
 * `object.name`: a whitelisted method, a module member, or (as the reference's Box wrapper allows) a dict
 * key, where dict methods win over keys as they do with Box (`d['items']` reads such a key). Nothing else
 * is reachable, so no JS property or Python internal can leak out.
 */
export function getAttribute(object: PyValue, name: string): PyValue {
  if (object instanceof PyModule) {
    const member = object.members.get(name);
    if (member === undefined) throw pythonError("AttributeError", `module '${object.name}' has no attribute '${name}'`);
    return member;
  }
  if (object instanceof PyDict) {
    const dictMethod = DICT_METHODS.get(name);
    if (dictMethod !== undefined) return bindMethod(object, name, dictMethod);
    const value = object.lookup(name);
    if (value === undefined) {
      throw pythonError("AttributeError", `'dict' object has no attribute or key '${name}'`);
    }
    return value;
  }
  const methods = findMethod(object, name);
  if (methods?.bound !== undefined) return methods.bound;
  const available = methods === undefined ? "" : ` (available: ${methods.available.join(", ")})`;
  throw pythonError("AttributeError", `'${typeName(object)}' object has no attribute '${name}' that expressions may use${available}`);
}

interface MethodLookup {
  readonly bound: PyFunction | undefined;
  readonly available: readonly string[];
}

function findMethod(object: PyValue, name: string): MethodLookup | undefined {
  if (typeof object === "string") return lookUp(STR_METHODS, object, name);
  if (Array.isArray(object)) return lookUp(LIST_METHODS, object, name);
  if (object instanceof PyTuple) return lookUp(TUPLE_METHODS, object, name);
  if (object instanceof PyMatch) return lookUp(MATCH_METHODS, object, name);
  return undefined;
}

function lookUp<Self extends PyValue>(table: MethodTable<Self>, self: Self, name: string): MethodLookup {
  const found = table.get(name);
  return { bound: found === undefined ? undefined : bindMethod(self, name, found), available: [...table.keys()] };
}
