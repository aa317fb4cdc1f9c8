import { method, type BoundArguments, type MethodTable } from "./arguments";
import { pythonError } from "./errors";
import { toInteger } from "./numbers";
import { sliceIndices, iterate } from "./sequences";
import { codePointIndex, codePoints, limitSequenceLength, PYTHON_WHITESPACE } from "./text";
import { PyTuple, typeName, type PyValue } from "./values";

function requireString(value: PyValue, what: string): string {
  if (typeof value !== "string") throw pythonError("TypeError", `${what} must be str, not ${typeName(value)}`);
  return value;
}

/** `text[start:end]` for the optional start/end arguments, or undefined when start lies past the end. */
function window(text: string, start: PyValue | undefined, end: PyValue | undefined): { chars: string[]; offset: number } | undefined {
  const chars = codePoints(text);
  const startIndex = toInteger(start ?? null);
  const resolvedStart = startIndex === undefined ? 0 : startIndex < 0n ? startIndex + BigInt(chars.length) : startIndex;
  if (resolvedStart > BigInt(chars.length)) return undefined;
  const indices = sliceIndices(chars.length, start ?? null, end ?? null, null);
  return { chars: indices.map((index) => chars[index]!), offset: resolvedStart < 0n ? 0 : Number(resolvedStart) };
}

function affixTest(name: string, test: (text: string, affix: string) => boolean) {
  return method<string>(["prefix", "start?", "end?"], (self, [affix, start, end]) => {
    const affixes = affix instanceof PyTuple ? affix.items : [affix!];
    if (affixes.some((item) => typeof item !== "string")) {
      throw pythonError("TypeError", `${name} first arg must be str or a tuple of str, not ${typeName(affix!)}`);
    }
    const range = window(self, start, end);
    return range !== undefined && affixes.some((item) => test(range.chars.join(""), item as string));
  });
}

function strip(from: "both" | "start" | "end") {
  return method<string>(["chars?"], (self, [chars]) => {
    const set = chars === undefined || chars === null ? PYTHON_WHITESPACE : new Set(codePoints(requireString(chars, "strip arg")));
    const items = codePoints(self);
    let start = 0;
    let end = items.length;
    if (from !== "end") while (start < end && set.has(items[start]!)) start++;
    if (from !== "start") while (end > start && set.has(items[end - 1]!)) end--;
    return items.slice(start, end).join("");
  });
}

function split(self: string, [separator, limit]: BoundArguments): PyValue {
  const maxSplits = limit === undefined ? -1n : toInteger(limit);
  if (maxSplits === undefined) throw pythonError("TypeError", `'${typeName(limit!)}' object cannot be interpreted as an integer`);
  const remainingSplits = (count: number) => maxSplits < 0n || BigInt(count) < maxSplits;
  if (separator === undefined || separator === null) {
    const parts: string[] = [];
    const chars = codePoints(self);
    let index = 0;
    for (;;) {
      while (index < chars.length && PYTHON_WHITESPACE.has(chars[index]!)) index++;
      if (index === chars.length) return parts;
      if (!remainingSplits(parts.length)) {
        parts.push(chars.slice(index).join(""));
        return parts;
      }
      const start = index;
      while (index < chars.length && !PYTHON_WHITESPACE.has(chars[index]!)) index++;
      parts.push(chars.slice(start, index).join(""));
    }
  }
  const sep = requireString(separator, "separator");
  if (sep === "") throw pythonError("ValueError", "empty separator");
  const parts: string[] = [];
  let from = 0;
  for (let found = self.indexOf(sep); found !== -1 && remainingSplits(parts.length); found = self.indexOf(sep, from)) {
    parts.push(self.slice(from, found));
    from = found + sep.length;
  }
  parts.push(self.slice(from));
  return parts;
}

function replace(self: string, [old, replacement, count]: BoundArguments): string {
  const target = requireString(old!, "replace() argument 1");
  const value = requireString(replacement!, "replace() argument 2");
  const limit = count === undefined ? -1n : toInteger(count);
  if (limit === undefined) throw pythonError("TypeError", `'${typeName(count!)}' object cannot be interpreted as an integer`);
  // Python inserts the replacement around every character when replacing ''.
  const pieces = target === "" ? ["", ...codePoints(self), ""] : self.split(target);
  const joins = pieces.length - 1;
  const replaced = limit < 0n || BigInt(joins) <= limit ? joins : Number(limit);
  const estimated = self.length + replaced * Math.max(value.length - target.length, 0);
  limitSequenceLength(estimated);
  const head = pieces.slice(0, replaced + 1).join(value);
  const tail = pieces.slice(replaced + 1);
  return target === "" ? head + tail.join("") : [head, ...tail].join(target);
}

function find(self: string, [sub, start, end]: BoundArguments): bigint {
  const needle = requireString(sub!, "find() argument");
  const range = window(self, start, end);
  if (range === undefined) return -1n;
  const haystack = range.chars.join("");
  const found = haystack.indexOf(needle);
  return found === -1 ? -1n : BigInt(range.offset + codePointIndex(haystack, found));
}

function count(self: string, [sub, start, end]: BoundArguments): bigint {
  const needle = requireString(sub!, "count() argument");
  const range = window(self, start, end);
  if (range === undefined) return 0n;
  if (needle === "") return BigInt(range.chars.length + 1);
  return BigInt(range.chars.join("").split(needle).length - 1);
}

function join(self: string, [items]: BoundArguments): string {
  const parts = iterate(items!).map((item, index) => {
    if (typeof item !== "string") throw pythonError("TypeError", `sequence item ${index}: expected str instance, ${typeName(item)} found`);
    return item;
  });
  limitSequenceLength(parts.reduce((total, part) => total + part.length, self.length * Math.max(parts.length - 1, 0)));
  return parts.join(self);
}

export const STR_METHODS: MethodTable<string> = new Map([
  ["startswith", affixTest("startswith", (text, prefix) => text.startsWith(prefix))],
  ["endswith", affixTest("endswith", (text, suffix) => text.endsWith(suffix))],
  ["lower", method<string>([], (self) => self.toLowerCase())],
  ["upper", method<string>([], (self) => self.toUpperCase())],
  ["strip", strip("both")],
  ["lstrip", strip("start")],
  ["rstrip", strip("end")],
  ["split", method<string>(["sep?", "maxsplit?"], split)],
  ["replace", method<string>(["old", "new", "count?"], replace)],
  ["find", method<string>(["sub", "start?", "end?"], find)],
  ["count", method<string>(["sub", "start?", "end?"], count)],
  ["isdigit", method<string>([], (self) => /^\p{Nd}+$/u.test(self))],
  ["isalpha", method<string>([], (self) => /^\p{L}+$/u.test(self))],
  ["join", method<string>(["iterable"], join)],
]);
