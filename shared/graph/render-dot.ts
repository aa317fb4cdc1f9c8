// Graphviz DOT text for a workflow (`dot -Tsvg`), with one cluster per nested block.

import type { Workflow } from "../spec/types";
import { buildGraph } from "./build-graph";
import type { GraphEdge, GraphNode, GraphScope, NodeShape } from "./graph";

const SHAPE_ATTRIBUTES: Record<NodeShape, string> = {
  terminal: "shape=oval",
  box: "shape=box",
  rounded: "shape=box, style=rounded",
  subroutine: "shape=box, peripheries=2",
  decision: "shape=diamond",
  junction: "shape=hexagon",
};

/** Graphviz draws a subgraph as a box only when its name starts with this. */
const CLUSTER_PREFIX = "cluster_";

const INDENT = "  ";

export function renderDot(workflow: Workflow): string {
  const graph = buildGraph(workflow);
  const lines = ["digraph workflow {", ...scopeLines(graph, 1), ...graph.edges.map(edgeLine), "}"];
  return lines.join("\n") + "\n";
}

function scopeLines(scope: GraphScope, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  return [
    ...scope.nodes.map((node) => pad + nodeText(node)),
    ...scope.clusters.flatMap((cluster) => [
      `${pad}subgraph ${quoted(CLUSTER_PREFIX + cluster.id)} {`,
      `${pad}${INDENT}label=${quoted(cluster.label)};`,
      ...scopeLines(cluster, depth + 1),
      `${pad}}`,
    ]),
  ];
}

function nodeText(node: GraphNode): string {
  const label = node.lines.map(quotedContent).join("\\n");
  return `${quoted(node.id)} [label="${label}", ${SHAPE_ATTRIBUTES[node.shape]}];`;
}

function edgeLine(edge: GraphEdge): string {
  const attributes = edge.label === undefined ? "" : ` [label=${quoted(edge.label)}]`;
  return `${INDENT}${quoted(edge.from)} -> ${quoted(edge.to)}${attributes};`;
}

function quoted(text: string): string {
  return `"${quotedContent(text)}"`;
}

/** Inside a DOT string `"` ends it, and a backslash starts an escape such as \n or \l. */
function quotedContent(text: string): string {
  return text.replace(/["\\]/g, (c) => `\\${c}`);
}
