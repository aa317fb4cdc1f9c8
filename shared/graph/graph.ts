// The neutral picture of a workflow: what buildGraph produces and every renderer consumes, so the
// flow rules live in one place and each output format only decides syntax.

/** Abstract shapes; each renderer maps them to its own syntax. */
export type NodeShape =
  /** Start, End, and native Succeed/Fail: where a run begins or stops. */
  | "terminal"
  /** A batch step. */
  | "box"
  /** A native Pass, Task or Wait step. */
  | "rounded"
  /** A subpipe: a call into another workflow. */
  | "subroutine"
  /** A chooser. */
  | "decision"
  /** Fan-out and fan-in points: scatter, gather, parallel fork and join. */
  | "junction";

export interface GraphNode {
  /** Unique across the whole graph, and safe to write unquoted in Mermaid. */
  id: string;
  /** Label text, one entry per line, plain (renderers escape it). */
  lines: string[];
  shape: NodeShape;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Plain text; absent for an unconditional edge. */
  label?: string;
}

/** Nodes and nested clusters drawn together. */
export interface GraphScope {
  nodes: GraphNode[];
  clusters: GraphCluster[];
}

/** A box around the steps of one block: a scatter's children or one parallel branch. */
export interface GraphCluster extends GraphScope {
  /** Unique across nodes and clusters of the whole graph. */
  id: string;
  label: string;
}

/** Edges are kept at the top level: they may cross cluster borders. */
export interface Graph extends GraphScope {
  edges: GraphEdge[];
}
