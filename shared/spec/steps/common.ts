import type { WrittenFlow } from "../context";
import { fail, type ReadContext } from "../shapes";
import { entry, type MapNode } from "../tree";
import type { SourcePos } from "../types";

/** Position of a field's key, falling back to the mapping itself. */
export function keyPos(body: MapNode, key: string): SourcePos {
  return entry(body, key)?.keyPos ?? body.pos;
}

/** Position of a field's value. */
export function valuePos(body: MapNode, key: string): SourcePos {
  return entry(body, key)?.value.pos ?? body.pos;
}

export function writtenFlow(body: MapNode, values: { next?: string; end?: boolean }, cx: ReadContext, nextKey = "next", endKey = "end"): WrittenFlow {
  if (values.next !== undefined && values.end !== undefined) {
    fail(cx, { pos: keyPos(body, endKey) }, endKey, `give either ${nextKey} or ${endKey}, not both`);
  }
  if (values.end === false) {
    fail(cx, { pos: valuePos(body, endKey) }, endKey, `${endKey} can only be true (leave it out to go on to the following step)`);
  }
  return {
    ...(values.next !== undefined && { next: { target: values.next, pos: valuePos(body, nextKey) } }),
    end: values.end === true,
  };
}

export function fromEntries<T>(pairs: Array<[string, T]> | undefined): Record<string, T> {
  return Object.fromEntries(pairs ?? []);
}

/** The file name a path lands on; undefined when a wildcard makes it unknowable at compile time. */
export function landingName(path: string): string | undefined {
  const base = path.replace(/\/+$/, "").split("/").pop() ?? "";
  return /[*?[\]]/.test(path) || base === "" ? undefined : base;
}
