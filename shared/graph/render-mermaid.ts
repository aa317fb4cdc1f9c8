// Mermaid flowchart text for a workflow, as GitHub renders it in Markdown (```mermaid blocks).

import type { Workflow } from "../spec/types";
import { buildGraph } from "./build-graph";
import type { GraphEdge, GraphNode, GraphScope, NodeShape } from "./graph";

/** Opening and closing brackets of each shape; every label inside them is a quoted string. */
const SHAPE_BRACKETS: Record<NodeShape, [string, string]> = {
  terminal: ["([", "])"],
  box: ["[", "]"],
  rounded: ["(", ")"],
  subroutine: ["[[", "]]"],
  decision: ["{", "}"],
  junction: ["{{", "}}"],
};

/**
 * Characters written as Mermaid entity codes (#NN;) inside labels: `"` ends the string, `#` starts
 * an entity, `&` `<` `>` would reach the HTML label as markup, `|` delimits edge labels, a leading
 * backtick makes a Markdown string, and `:` because Mermaid's pre-pass reads any line holding
 * "style…:…#…;" as a style statement and drops its last ";", which would break an entity.
 */
const ESCAPED_CHARS = /["#&<>|`:]/g;

/**
 * Mermaid's lexer reads any line holding "direction", blanks and TB/BT/LR/RL as a direction
 * statement, label or not; writing the blank after "direction" as an entity keeps the line a node.
 */
const BLANK_AFTER_DIRECTION = /(?<=direction)\s/g;

const INDENT = "  ";

export function renderMermaid(workflow: Workflow): string {
  const graph = buildGraph(workflow);
  const lines = ["flowchart TD", ...scopeLines(graph, 1), ...graph.edges.map(edgeLine)];
  return lines.join("\n") + "\n";
}

function scopeLines(scope: GraphScope, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  return [
    ...scope.nodes.map((node) => pad + nodeText(node)),
    ...scope.clusters.flatMap((cluster) => [
      `${pad}subgraph ${cluster.id}[${quoted([cluster.label])}]`,
      ...scopeLines(cluster, depth + 1),
      `${pad}end`,
    ]),
  ];
}

function nodeText(node: GraphNode): string {
  const [open, close] = SHAPE_BRACKETS[node.shape];
  return `${node.id}${open}${quoted(node.lines)}${close}`;
}

function edgeLine(edge: GraphEdge): string {
  const arrow = edge.label === undefined ? "-->" : `-->|${quoted([edge.label])}|`;
  return `${INDENT}${edge.from} ${arrow} ${edge.to}`;
}

function quoted(lines: string[]): string {
  const escaped = lines.map((line) =>
    line.replace(ESCAPED_CHARS, entity).replace(BLANK_AFTER_DIRECTION, entity),
  );
  return `"${escaped.join("<br/>")}"`;
}

function entity(char: string): string {
  return `#${char.codePointAt(0)};`;
}
