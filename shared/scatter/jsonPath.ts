import { describeValue } from "./describeValue";
import { ScatterError } from "./errors";

// The JSONPath subset of `@file:<selector>`: what scatter selectors use in practice, evaluated
// without any code evaluation. Filters, slices, unions and scripts are refused with a clear error.

export type PathStep = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

export interface PathSegment {
  step: PathStep;
  /** `..step`: the step applied to the node and every node below it, in document order. */
  descendants: boolean;
}

export interface Selector {
  text: string;
  segments: PathSegment[];
  /** No wildcard and no `..`: the selector names one value at most, which must be a list. */
  definite: boolean;
}

const SUPPORTED = "$, .name, ['name'], [n], [-n], [*], .*, ..name, ..*";
const NAME = /[\p{L}\p{N}_$-]+/uy;
const INTEGER = /-?\d+/y;

/**
 * `$.a.b[*]`, `$[*].col`, `$..x`, `$['a b'][0]` as segments; a BadSelector error for text outside
 * the subset, naming where it went wrong.
 */
export function parseSelector(text: string): Selector {
  const fail = (problem: string, at: number): never => {
    throw new ScatterError("BadSelector", `selector ${JSON.stringify(text)}: ${problem} at character ${at + 1}; supported: ${SUPPORTED}`);
  };
  if (!text.startsWith("$")) fail('a selector starts with "$" (e.g. "$[*].name")', 0);
  const segments: PathSegment[] = [];
  let at = 1;
  while (at < text.length) {
    const descendants = text.startsWith("..", at);
    if (descendants) at += 2;
    else if (text[at] === ".") at += 1;
    else if (text[at] !== "[") fail(`unexpected ${JSON.stringify(text[at])}`, at);
    let step: PathStep;
    if (text[at] === "[") [step, at] = parseBracket(text, at, fail);
    else if (text[at] === "*") [step, at] = [{ kind: "wildcard" }, at + 1];
    else {
      NAME.lastIndex = at;
      const name = NAME.exec(text);
      if (!name) fail("expected a name, * or [", at);
      [step, at] = [{ kind: "name", name: name![0] }, at + name![0].length];
    }
    segments.push({ step, descendants });
  }
  const definite = segments.every((segment) => !segment.descendants && segment.step.kind !== "wildcard");
  return { text, segments, definite };
}

type Fail = (problem: string, at: number) => never;

function parseBracket(text: string, open: number, fail: Fail): [PathStep, number] {
  let at = skipSpaces(text, open + 1);
  let step: PathStep;
  const quote = text[at];
  if (text[at] === "*") [step, at] = [{ kind: "wildcard" }, at + 1];
  else if (quote === "'" || quote === '"') {
    let name = "";
    for (at++; at < text.length && text[at] !== quote; at++) {
      if (text[at] === "\\") at++;
      name += text[at] ?? "";
    }
    if (at >= text.length) fail("unterminated quoted name", open);
    [step, at] = [{ kind: "name", name }, at + 1];
  } else {
    INTEGER.lastIndex = at;
    const index = INTEGER.exec(text);
    if (!index) fail(unsupportedBracket(text[at]), at);
    [step, at] = [{ kind: "index", index: Number(index![0]) }, at + index![0].length];
  }
  at = skipSpaces(text, at);
  if (text[at] !== "]") fail(text[at] === undefined ? "missing ]" : unsupportedBracket(text[at]), at);
  return [step, at + 1];
}

function unsupportedBracket(char: string | undefined): string {
  switch (char) {
    case "?":
      return "filters [?(...)] are not supported";
    case "(":
      return "script expressions [(...)] are not supported";
    case ":":
      return "slices [a:b] are not supported";
    case ",":
      return "unions [a,b] are not supported";
    default:
      return `expected *, an index or a quoted name in [...], not ${JSON.stringify(char ?? "the end")}`;
  }
}

function skipSpaces(text: string, at: number): number {
  while (text[at] === " ") at++;
  return at;
}

/** Every value `segments[from..]` reaches from `value`, in document order, pushed onto `out`. */
export function collectMatches(segments: PathSegment[], from: number, value: unknown, out: unknown[]): void {
  try {
    apply(segments, from, value, out);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ScatterError("BadFileContent", "the document is nested too deeply to search", { cause: error });
    }
    throw error;
  }
}

function apply(segments: PathSegment[], at: number, value: unknown, out: unknown[]): void {
  if (at === segments.length) out.push(value);
  else if (segments[at].descendants) applyBelow(segments, at, value, out);
  else applyStep(segments, at, value, out);
}

/** `segments[at].step` on `node`, and `segments[at + 1..]` on what it reaches. */
function applyStep(segments: PathSegment[], at: number, node: unknown, out: unknown[]): void {
  const { step } = segments[at];
  if (step.kind === "index") {
    if (!Array.isArray(node)) return;
    const position = step.index < 0 ? node.length + step.index : step.index;
    if (position >= 0 && position < node.length) apply(segments, at + 1, node[position], out);
  } else if (step.kind === "name") {
    // Own properties of objects only: `constructor` or `length` are not data.
    if (isObject(node) && Object.hasOwn(node, step.name)) apply(segments, at + 1, node[step.name], out);
  } else if (Array.isArray(node)) {
    for (const element of node) apply(segments, at + 1, element, out);
  } else if (isObject(node)) {
    for (const child of Object.values(node)) apply(segments, at + 1, child, out);
  }
}

/** `..step`: the step on the node, then on every node below it, depth first in document order. */
function applyBelow(segments: PathSegment[], at: number, node: unknown, out: unknown[]): void {
  applyStep(segments, at, node, out);
  if (Array.isArray(node)) for (const element of node) applyBelow(segments, at, element, out);
  else if (isObject(node)) for (const child of Object.values(node)) applyBelow(segments, at, child, out);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The items a selector gives: the matches of an indefinite selector (`[*]`, `..`), however many;
 * the value of a definite one, which must be a list ("selector did not produce a list" otherwise).
 */
export function itemsOfMatches(selector: Selector, matches: unknown[]): unknown[] {
  if (!selector.definite) return matches;
  if (matches.length === 0) {
    throw new ScatterError("SelectorNotList", `selector did not produce a list: ${selector.text} matched nothing`);
  }
  const [value] = matches;
  if (!Array.isArray(value)) {
    throw new ScatterError(
      "SelectorNotList",
      `selector did not produce a list: ${selector.text} is ${describeValue(value)}` +
        (isObject(value) ? ` (${selector.text}[*] would list its values)` : ""),
    );
  }
  return value;
}

/** A whole document's items under `selector`. */
export function selectItems(selector: Selector, document: unknown): unknown[] {
  const matches: unknown[] = [];
  collectMatches(selector.segments, 0, document, matches);
  return itemsOfMatches(selector, matches);
}
