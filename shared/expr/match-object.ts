import { method, type MethodTable } from "./arguments";
import { pythonError } from "./errors";
import { toInteger } from "./numbers";
import { codePointIndex } from "./text";
import { PyDict, PyMatch, PyTuple, type PyValue } from "./values";

/** `m.group(g)` and `m[g]`: the text of a group by number or name, None where it took no part. */
export function matchGroup(match: PyMatch, group: PyValue): PyValue {
  const index = groupIndex(match, group);
  const text = typeof index === "number" ? match.result[index] : match.result.groups![index];
  return text ?? null;
}

function groupIndex(match: PyMatch, group: PyValue): number | string {
  const number = toInteger(group);
  if (number !== undefined && number >= 0n && number < BigInt(match.result.length)) return Number(number);
  if (typeof group === "string" && match.result.groups !== undefined && Object.hasOwn(match.result.groups, group)) return group;
  throw pythonError("IndexError", "no such group");
}

/** [start, end] of a group in code points, or [-1, -1] where it took no part. */
function groupSpan(match: PyMatch, group: PyValue): [bigint, bigint] {
  const index = groupIndex(match, group);
  const indices = match.result.indices!;
  const span = typeof index === "number" ? indices[index] : indices.groups![index];
  if (span === undefined) return [-1n, -1n];
  return [BigInt(codePointIndex(match.input, span[0])), BigInt(codePointIndex(match.input, span[1]))];
}

export const MATCH_METHODS: MethodTable<PyMatch> = new Map([
  ["group", method<PyMatch>(["group?"], (match, [group]) => matchGroup(match, group ?? 0n))],
  ["groups", method<PyMatch>(["default?"], (match, [fallback]) => new PyTuple(match.result.slice(1).map((text) => text ?? fallback ?? null)))],
  [
    "groupdict",
    method<PyMatch>(["default?"], (match, [fallback]) =>
      new PyDict(Object.entries(match.result.groups ?? {}).map(([name, text]) => [name, text ?? fallback ?? null]))),
  ],
  ["start", method<PyMatch>(["group?"], (match, [group]) => groupSpan(match, group ?? 0n)[0])],
  ["end", method<PyMatch>(["group?"], (match, [group]) => groupSpan(match, group ?? 0n)[1])],
  ["span", method<PyMatch>(["group?"], (match, [group]) => new PyTuple(groupSpan(match, group ?? 0n)))],
]);
