import type { WrittenFlow } from "../context";
import { fail, type ReadContext } from "../shapes";
import { entry, type MapNode, type TreeNode } from "../tree";
import type { SourcePos } from "../types";

/** Position of a field's key, falling back to the mapping itself. */
export function keyPos(body: MapNode, key: string): SourcePos {
  return entry(body, key)?.keyPos ?? body.pos;
}

/** Position of a field's value. */
export function valuePos(body: MapNode, key: string): SourcePos {
  return entry(body, key)?.value.pos ?? body.pos;
}

/** Flow fields of a step; the step shapes already refused next with end, and end: false (native steps are read by hand). */
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

/**
 * The node at a path of keys and indexes, for placing an error on the exact item. An index into a
 * single value stands for that value (fields that take one item or a list); a name in a list of
 * single-entry mappings finds that entry (legacy list-form file blocks).
 */
export function nodeAt(node: TreeNode, path: Array<string | number>): { pos: SourcePos; node: TreeNode } {
  let here = node;
  let pos = node.pos;
  for (const step of path) {
    if (typeof step === "number") {
      if (here.kind !== "seq") continue;
      const item = here.items[step];
      if (!item) break;
      here = item;
      pos = item.pos;
      continue;
    }
    const maps = here.kind === "map" ? [here] : here.kind === "seq" ? here.items.filter((i): i is MapNode => i.kind === "map") : [];
    const found = maps.map((m) => entry(m, step)).find((e) => e !== undefined);
    if (!found) break;
    here = found.value;
    pos = found.keyPos;
  }
  return { pos, node: here };
}
