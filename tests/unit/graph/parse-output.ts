// Strict readers for the Mermaid and DOT text the renderers write. Each accepts only the small,
// standard subset the renderers promise, and checks it is well formed (ids valid and unique, every
// edge between declared nodes, subgraphs closed), so a test reads structure, not strings.

export interface ParsedNode {
  id: string;
  /** The label as written, escapes included. */
  raw: string;
  /** The label as a reader sees it: escapes decoded, lines joined with "\n". */
  text: string;
  /** Mermaid bracket pair, or the DOT attributes after the label. */
  shape: string;
  /** Innermost enclosing subgraph id, or null at the top level. */
  parent: string | null;
}

export interface ParsedEdge {
  from: string;
  to: string;
  label?: string;
}

export interface ParsedCluster {
  id: string;
  label: string;
  parent: string | null;
}

export interface ParsedGraph {
  nodes: Map<string, ParsedNode>;
  clusters: Map<string, ParsedCluster>;
  edges: ParsedEdge[];
}

const MERMAID_ID = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
const MERMAID_STRING = String.raw`"([^"]*)"`;
const MERMAID_BRACKETS: Record<string, string> = { "([": "])", "[[": "]]", "{{": "}}", "[": "]", "(": ")", "{": "}" };
const MERMAID_NODE = new RegExp(String.raw`^(${MERMAID_ID})(\(\[|\[\[|\{\{|\[|\(|\{)${MERMAID_STRING}(\]\)|\]\]|\}\}|\]|\)|\})$`);
const MERMAID_EDGE = new RegExp(String.raw`^(${MERMAID_ID}) -->(?:\|${MERMAID_STRING}\|)? (${MERMAID_ID})$`);
const MERMAID_SUBGRAPH = new RegExp(String.raw`^subgraph (${MERMAID_ID})\[${MERMAID_STRING}\]$`);

function decodeMermaid(raw: string): string {
  return raw.replaceAll("<br/>", "\n").replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

export function parseMermaid(text: string): ParsedGraph {
  const lines = text.split("\n");
  if (lines[0] !== "flowchart TD") throw new Error(`first line is ${JSON.stringify(lines[0])}`);
  if (lines.at(-1) !== "") throw new Error("output does not end with a newline");
  const graph = emptyGraph();
  const stack: string[] = [];
  for (const line of lines.slice(1, -1).map((l) => l.trim())) {
    const parent = stack.at(-1) ?? null;
    let m: RegExpExecArray | null;
    if ((m = MERMAID_SUBGRAPH.exec(line))) {
      declare(graph, m[1]!);
      graph.clusters.set(m[1]!, { id: m[1]!, label: decodeMermaid(m[2]!), parent });
      stack.push(m[1]!);
    } else if (line === "end") {
      if (stack.pop() === undefined) throw new Error("'end' without subgraph");
    } else if ((m = MERMAID_NODE.exec(line))) {
      if (MERMAID_BRACKETS[m[2]!] !== m[4]) throw new Error(`mismatched brackets: ${line}`);
      declare(graph, m[1]!);
      graph.nodes.set(m[1]!, { id: m[1]!, raw: m[3]!, text: decodeMermaid(m[3]!), shape: m[2]! + m[4]!, parent });
    } else if ((m = MERMAID_EDGE.exec(line))) {
      graph.edges.push(m[2] === undefined ? { from: m[1]!, to: m[3]! } : { from: m[1]!, to: m[3]!, label: decodeMermaid(m[2]) });
    } else {
      throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed subgraph ${stack.at(-1)}`);
  checkEdges(graph);
  return graph;
}

const DOT_STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const DOT_NODE = new RegExp(String.raw`^${DOT_STRING} \[label=${DOT_STRING}, (.+)\];$`);
const DOT_EDGE = new RegExp(String.raw`^${DOT_STRING} -> ${DOT_STRING}(?: \[label=${DOT_STRING}\])?;$`);
const DOT_CLUSTER = new RegExp(String.raw`^subgraph ${DOT_STRING} \{$`);
const DOT_CLUSTER_LABEL = new RegExp(String.raw`^label=${DOT_STRING};$`);

function decodeDot(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

export function parseDot(text: string): ParsedGraph {
  const lines = text.split("\n");
  if (lines[0] !== "digraph workflow {") throw new Error(`first line is ${JSON.stringify(lines[0])}`);
  if (lines.at(-2) !== "}" || lines.at(-1) !== "") throw new Error("graph is not closed");
  const graph = emptyGraph();
  const stack: string[] = [];
  for (const line of lines.slice(1, -2).map((l) => l.trim())) {
    const parent = stack.at(-1) ?? null;
    let m: RegExpExecArray | null;
    if ((m = DOT_CLUSTER.exec(line))) {
      const id = decodeDot(m[1]!);
      if (!id.startsWith("cluster_")) throw new Error(`subgraph ${id} would not be drawn as a cluster`);
      declare(graph, id);
      graph.clusters.set(id, { id, label: "", parent });
      stack.push(id);
    } else if ((m = DOT_CLUSTER_LABEL.exec(line)) && parent !== null) {
      graph.clusters.get(parent)!.label = decodeDot(m[1]!);
    } else if (line === "}") {
      if (stack.pop() === undefined) throw new Error("'}' without subgraph");
    } else if ((m = DOT_NODE.exec(line))) {
      const id = decodeDot(m[1]!);
      declare(graph, id);
      graph.nodes.set(id, { id, raw: m[2]!, text: decodeDot(m[2]!), shape: m[3]!, parent });
    } else if ((m = DOT_EDGE.exec(line))) {
      const edge: ParsedEdge = { from: decodeDot(m[1]!), to: decodeDot(m[2]!) };
      graph.edges.push(m[3] === undefined ? edge : { ...edge, label: decodeDot(m[3]) });
    } else {
      throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed subgraph ${stack.at(-1)}`);
  checkEdges(graph);
  return graph;
}

function emptyGraph(): ParsedGraph {
  return { nodes: new Map(), clusters: new Map(), edges: [] };
}

function declare(graph: ParsedGraph, id: string): void {
  if (graph.nodes.has(id) || graph.clusters.has(id)) throw new Error(`id ${id} declared twice`);
}

function checkEdges(graph: ParsedGraph): void {
  for (const { from, to } of graph.edges) {
    if (!graph.nodes.has(from) || !graph.nodes.has(to)) throw new Error(`edge ${from} -> ${to} names an undeclared node`);
  }
}

/** The node whose label's first line is `name`; fails when there is not exactly one. */
export function nodeNamed(graph: ParsedGraph, name: string): ParsedNode {
  const found = [...graph.nodes.values()].filter((node) => node.text.split("\n")[0] === name);
  if (found.length !== 1) throw new Error(`${found.length} nodes named ${name}`);
  return found[0]!;
}

/** Edges leaving a node, as "to" or "to|label" strings, for compact assertions. */
export function edgesFrom(graph: ParsedGraph, from: string): string[] {
  return graph.edges.filter((e) => e.from === from).map((e) => (e.label === undefined ? e.to : `${e.to}|${e.label}`));
}

/** Every enclosing subgraph of a node, innermost first. */
export function ancestors(graph: ParsedGraph, id: string): string[] {
  const chain: string[] = [];
  for (let p = graph.nodes.get(id)?.parent ?? null; p !== null; p = graph.clusters.get(p)!.parent) chain.push(p);
  return chain;
}
