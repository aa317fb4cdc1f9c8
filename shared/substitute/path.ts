/** One step of a path: a key of an object, or an index of a list (negative counts from the end, as in Python). */
export type PathSegment = { key: string } | { index: number };

export type Lookup = { found: true; value: unknown } | { found: false };

/**
 * Names in paths: letters, digits, `_` and `-`. A superset of JMESPath's bare identifiers (the
 * reference's lookup), so every path the reference accepted still works, and keys like `sample-id`
 * need no quoting.
 */
const NAME = /^[A-Za-z0-9_-]+/;
const INDEX = /^\[(-?\d+)\]/;
const DOT_NAME = /^\.([A-Za-z0-9_-]+)/;

/** `job.a.b`, `job.list[0]`, `p[1].what` as segments; undefined when the text is not such a path. */
export function parsePath(path: string): PathSegment[] | undefined {
  const first = NAME.exec(path);
  if (!first) return undefined;
  const segments: PathSegment[] = [{ key: first[0] }];
  let rest = path.slice(first[0].length);
  while (rest !== "") {
    const index = INDEX.exec(rest);
    const name = index ? undefined : DOT_NAME.exec(rest);
    if (index) segments.push({ index: Number(index[1]) });
    else if (name) segments.push({ key: name[1] });
    else return undefined;
    rest = rest.slice((index ?? name)![0].length);
  }
  return segments;
}

/**
 * The value at `path` in JSON-like `data`. Only own properties of plain objects and elements of
 * arrays are reachable, so `job.constructor` or `job.__proto__` are "not found" rather than
 * JavaScript internals. A text that is not a path is not found either. Null is a value (found).
 */
export function lookupPath(data: unknown, path: string): Lookup {
  const segments = parsePath(path);
  if (!segments) return { found: false };
  let current = data;
  for (const segment of segments) {
    const next = step(current, segment);
    if (!next.found) return next;
    current = next.value;
  }
  return { found: true, value: current };
}

function step(value: unknown, segment: PathSegment): Lookup {
  if ("index" in segment) {
    if (!Array.isArray(value)) return { found: false };
    const position = segment.index < 0 ? value.length + segment.index : segment.index;
    return position >= 0 && position < value.length ? { found: true, value: value[position] } : { found: false };
  }
  if (!isRecord(value) || !Object.hasOwn(value, segment.key)) return { found: false };
  const found = value[segment.key];
  return found === undefined ? { found: false } : { found: true, value: found };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
