import { CORE_SCHEMA, load } from "js-yaml";
import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { SpecError } from "./errors";
import type { SourcePos } from "./types";

// The workflow file as a small tree of plain values that remember where they were written.
// Validation works on this tree rather than on a YAML library's AST, so positions survive
// parameter substitution and alias resolution.
//
// Two YAML libraries, for speed: js-yaml reads a file about ten times faster, but knows no
// positions; `yaml` knows them. The tree is built from js-yaml's values, and a position is worked
// out with `yaml` only when something asks for one (an error message), once per file.

export type Scalar = string | number | boolean | null;

export interface ScalarNode {
  kind: "scalar";
  value: Scalar;
  pos: SourcePos;
}
export interface MapEntry {
  key: string;
  keyPos: SourcePos;
  value: TreeNode;
}
export interface MapNode {
  kind: "map";
  entries: MapEntry[];
  pos: SourcePos;
}
export interface SeqNode {
  kind: "seq";
  items: TreeNode[];
  pos: SourcePos;
}
export type TreeNode = ScalarNode | MapNode | SeqNode;

type Path = Array<string | number>;
type Locate = (path: Path, key: boolean) => { line: number; col: number };

/** Parses YAML (or JSON) text into a tree; YAML syntax errors come back located. */
export function parseTree(text: string, file: string): { tree?: TreeNode; errors: SpecError[] } {
  let value: unknown;
  try {
    value = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch {
    return parseTreeWithPositions(text, file);
  }
  if (value === undefined || value === null) return { errors: [emptyFile(file)] };
  // JavaScript objects put integer-like keys first; only the slow path keeps such keys in order.
  if (hasIntegerKey(value)) return parseTreeWithPositions(text, file);
  return { tree: fromValue(value, [], new Site(file, lazyLocator(text))), errors: [] };
}

// Nodes of the fast path carry their path; `pos` and `keyPos` are looked up only when read.
class Site {
  constructor(
    readonly file: string,
    readonly locate: Locate,
  ) {}
}

class FastScalar {
  readonly kind = "scalar";
  constructor(
    readonly value: Scalar,
    private readonly path: Path,
    private readonly site: Site,
  ) {}
  get pos(): SourcePos {
    return lazyPos(this.site, this.path, false);
  }
}

class FastSeq {
  readonly kind = "seq";
  constructor(
    readonly items: TreeNode[],
    private readonly path: Path,
    private readonly site: Site,
  ) {}
  get pos(): SourcePos {
    return lazyPos(this.site, this.path, false);
  }
}

class FastMap {
  readonly kind = "map";
  constructor(
    readonly entries: MapEntry[],
    private readonly path: Path,
    private readonly site: Site,
  ) {}
  get pos(): SourcePos {
    return lazyPos(this.site, this.path, false);
  }
}

class FastEntry {
  constructor(
    readonly key: string,
    readonly value: TreeNode,
    private readonly path: Path,
    private readonly site: Site,
  ) {}
  get keyPos(): SourcePos {
    return lazyPos(this.site, this.path, true);
  }
}

function fromValue(value: unknown, path: Path, site: Site): TreeNode {
  if (Array.isArray(value)) return new FastSeq(value.map((v, i) => fromValue(v, [...path, i], site)), path, site);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([key, v]) => {
      const at = [...path, key];
      return new FastEntry(key, fromValue(v, at, site), at, site);
    });
    return new FastMap(entries, path, site);
  }
  return new FastScalar(scalarValue(value), path, site);
}

/** A position worked out when its line or column is first read; enumerable, so it prints and compares as plain data. */
function lazyPos(site: Site, path: Path, key: boolean): SourcePos {
  let resolved: { line: number; col: number } | undefined;
  const get = () => (resolved ??= site.locate(path, key));
  const pos = { file: site.file } as SourcePos;
  Object.defineProperty(pos, "line", { get: () => get().line, enumerable: true });
  Object.defineProperty(pos, "col", { get: () => get().col, enumerable: true });
  return pos;
}

function lazyLocator(text: string): Locate {
  let doc: { doc: Document; lines: LineCounter } | undefined;
  return (path, key) => {
    doc ??= (() => {
      const lines = new LineCounter();
      return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines };
    })();
    return doc.lines.linePos(offsetAt(doc.doc, path, key));
  };
}

/** Offset of the node (or of its key) at a path of keys and indexes in the `yaml` library's AST. */
function offsetAt(doc: Document, path: Path, key: boolean): number {
  let node = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [i, step] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc) as Node;
    if (typeof step === "number" && isSeq(node)) {
      node = node.items[step] as Node;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(step));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (key && i === path.length - 1) return keyNode.range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? keyNode;
    } else break;
    offset = node?.range?.[0] ?? offset;
  }
  if (isAlias(node)) node = node.resolve(doc) as Node;
  return node?.range?.[0] ?? offset;
}

function hasIntegerKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIntegerKey);
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => /^(0|[1-9][0-9]*)$/.test(k) || hasIntegerKey(v));
}

/** The slow path, with every position known at once: for files js-yaml refuses or cannot keep in order. */
function parseTreeWithPositions(text: string, file: string): { tree?: TreeNode; errors: SpecError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  // One YAML mistake usually sets off a cascade of follow-on errors; the first is the one to fix.
  const first = doc.errors[0];
  if (first) return { errors: [{ pos: at(first.pos[0]), message: yamlMessage(first.code, first.message) }] };
  if (doc.contents === null) return { errors: [emptyFile(file)] };
  return { tree: toTree(doc.contents as Node, doc, at), errors: [] };
}

function emptyFile(file: string): SpecError {
  return { pos: { file, line: 1, col: 1 }, message: "the file is empty; expected a workflow with Repository and Steps" };
}

/** YAML errors that an unquoted ": " inside a value (a shell command, an output shorthand) sets off. */
const COLON_IN_VALUE = new Set(["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY"]);

function yamlMessage(code: string, message: string): string {
  // The library appends " at line L, column C" and a code excerpt; the position is reported separately.
  const text = `YAML: ${message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`;
  return COLON_IN_VALUE.has(code) ? `${text} (an unquoted ': ' inside a value starts a mapping; quote the value or use a block scalar '|')` : text;
}

function toTree(node: Node, doc: Document, at: (offset: number) => SourcePos): TreeNode {
  const pos = at(node.range?.[0] ?? 0);
  if (isAlias(node)) return toTree(node.resolve(doc) as Node, doc, at);
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyPos = keyNode?.range ? at(keyNode.range[0]) : pos;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const value: TreeNode =
        pair.value === null || pair.value === undefined
          ? { kind: "scalar", value: null, pos: keyPos }
          : toTree(pair.value as Node, doc, at);
      entries.push({ key, keyPos, value });
    }
    return { kind: "map", entries, pos };
  }
  if (isSeq(node)) {
    return { kind: "seq", items: node.items.map((item) => toTree(item as Node, doc, at)), pos };
  }
  if (isScalar(node)) return { kind: "scalar", value: scalarValue(node.value), pos };
  return { kind: "scalar", value: String(node), pos };
}

function scalarValue(value: unknown): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** The plain JavaScript value of a subtree (for pass-through blocks such as native ASL fields). */
export function plainValue(node: TreeNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "seq":
      return node.items.map(plainValue);
    case "map":
      return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
  }
}

export function entry(node: MapNode, key: string): MapEntry | undefined {
  return node.entries.find((e) => e.key === key);
}
