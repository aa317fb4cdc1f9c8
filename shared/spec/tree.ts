import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import type { SpecError } from "./errors";
import type { SourcePos } from "./types";

// The workflow file as a small tree of plain values that remember where they were written.
// Validation works on this tree rather than on the YAML library's AST, so positions survive
// parameter substitution and alias resolution.

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

/** Parses YAML (or JSON) text into a tree; YAML syntax errors come back located. */
export function parseTree(text: string, file: string): { tree?: TreeNode; errors: SpecError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): SourcePos => ({ file, ...lines.linePos(offset) });
  // One YAML mistake usually sets off a cascade of follow-on errors; the first is the one to fix.
  const first = doc.errors[0];
  if (first) return { errors: [{ pos: at(first.pos[0]), message: yamlMessage(first.code, first.message) }] };
  if (doc.contents === null) return { errors: [{ pos: at(0), message: "the file is empty; expected a workflow with Repository and Steps" }] };
  return { tree: toTree(doc.contents as Node, doc, at), errors: [] };
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
