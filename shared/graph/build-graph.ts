// Turns a normalised workflow into the neutral graph: one node per step (plus Start, End and the
// fan-out/fan-in points of scatter and parallel steps), edges that follow each step's `next`, and
// one cluster per nested block.

import { subpipeWorkflowName } from "../spec/names";
import type { ScatterStep, Step, Workflow } from "../spec/types";
import type { Graph, GraphCluster, GraphEdge, GraphNode, GraphScope, NodeShape } from "./graph";
import { shortenLabel, oneLine } from "./label-text";
import { createIdAllocator } from "./node-ids";

/** A step's flow names a step that is not in its block; validation should have caught it. */
export class GraphError extends Error {
  readonly code = "GRAPH_UNKNOWN_STEP";
}

interface Builder {
  newId: (name: string) => string;
  edges: GraphEdge[];
}

/** Where the steps of one block lead. */
interface BlockFlow {
  /** Step name -> entry node id, for this block only: `next` never leaves its block. */
  entries: Map<string, string>;
  /** Where a terminal step goes: End at the top level, else the gather or join of the block. */
  exit: string;
  nested: boolean;
}

export function buildGraph(workflow: Workflow): Graph {
  const builder: Builder = { newId: createIdAllocator(), edges: [] };
  const graph: Graph = { nodes: [], clusters: [], edges: builder.edges };
  const start = addNode(graph, builder.newId("Start"), ["Start"], "terminal");
  const end = addNode(graph, builder.newId("End"), ["End"], "terminal");
  addBlock(builder, workflow.steps, graph, { from: start, exit: end, nested: false });
  return graph;
}

interface BlockPlace {
  /** The node whose edge enters the block, and that edge's label. */
  from: string;
  label?: string;
  exit: string;
  nested: boolean;
}

function addBlock(builder: Builder, steps: Step[], scope: GraphScope, place: BlockPlace): void {
  // Ids first, so that a `next` may jump forward.
  const ids = steps.map((step) => builder.newId(step.name));
  const flow: BlockFlow = {
    entries: new Map(steps.map((step, i) => [step.name, ids[i]!])),
    exit: place.exit,
    nested: place.nested,
  };
  addEdge(builder, place.from, ids[0] ?? place.exit, place.label);
  steps.forEach((step, i) => addStep(builder, step, ids[i]!, scope, flow));
}

function addStep(builder: Builder, step: Step, id: string, scope: GraphScope, flow: BlockFlow): void {
  const name = oneLine(step.name);
  switch (step.kind) {
    case "batch":
      addNode(scope, id, [name, shortenLabel(step.image.name)], "box");
      addEdge(builder, id, target(step, step.next, flow));
      return;
    case "subpipe":
      addNode(scope, id, [name, shortenLabel(subpipeWorkflowName(step.subpipe))], "subroutine");
      addEdge(builder, id, target(step, step.next, flow));
      return;
    case "chooser":
      addNode(scope, id, [name], "decision");
      for (const choice of step.choices) {
        addEdge(builder, id, target(step, choice.next, flow), shortenLabel(choice.if));
      }
      addEdge(builder, id, target(step, step.next, flow), "otherwise");
      return;
    case "scatter":
      addScatter(builder, step, id, scope, flow);
      return;
    case "parallel":
      addFork(builder, step, id, [name, "parallel"], step.branches, scope, flow);
      return;
    case "native":
      switch (step.type) {
        case "Parallel": {
          const branches = (step.branches ?? []).map((steps) => ({ steps }));
          addFork(builder, step, id, [name, step.type], branches, scope, flow);
          return;
        }
        case "Fail":
          addNode(scope, id, [name, step.type], "terminal");
          return;
        case "Succeed":
          addNode(scope, id, [name, step.type], "terminal");
          // Inside a branch, Succeed ends only that branch; the enclosing step carries on.
          if (flow.nested) addEdge(builder, id, flow.exit);
          return;
        default:
          addNode(scope, id, [name, step.type], "rounded");
          addEdge(builder, id, target(step, step.next, flow));
          return;
      }
  }
}

function addScatter(
  builder: Builder,
  step: ScatterStep,
  id: string,
  scope: GraphScope,
  flow: BlockFlow,
): void {
  const keys = Object.keys(step.scatter).join(" × ");
  const cluster: GraphCluster = {
    id: builder.newId(`${step.name}_scatter`),
    label: shortenLabel(`${step.name} (scatter over ${keys})`),
    nodes: [],
    clusters: [],
  };
  scope.clusters.push(cluster);
  addNode(cluster, id, ["scatter"], "junction");
  const gather = builder.newId(`${step.name}_gather`);
  addBlock(builder, step.steps, cluster, { from: id, exit: gather, nested: true });
  addNode(cluster, gather, ["gather"], "junction");
  addEdge(builder, gather, target(step, step.next, flow));
}

function addFork(
  builder: Builder,
  step: Step,
  id: string,
  lines: string[],
  branches: Array<{ if?: string; steps: Step[] }>,
  scope: GraphScope,
  flow: BlockFlow,
): void {
  addNode(scope, id, lines, "junction");
  const join = builder.newId(`${step.name}_join`);
  branches.forEach((branch, i) => {
    const cluster: GraphCluster = {
      id: builder.newId(`${step.name}_branch${i + 1}`),
      label: `branch ${i + 1}`,
      nodes: [],
      clusters: [],
    };
    // An empty branch is just the labelled edge from fork to join; an empty box would say nothing.
    if (branch.steps.length > 0) scope.clusters.push(cluster);
    const label = branch.if === undefined ? undefined : shortenLabel(branch.if);
    addBlock(builder, branch.steps, cluster, { from: id, label, exit: join, nested: true });
  });
  addNode(scope, join, ["join"], "junction");
  addEdge(builder, join, target(step, step.next, flow));
}

/** The node a step's flow goes to: the named step of the same block, or the block's exit. */
function target(step: Step, next: string | null, flow: BlockFlow): string {
  if (next === null) return flow.exit;
  const id = flow.entries.get(next);
  if (id !== undefined) return id;
  const { file, line, col } = step.at;
  throw new GraphError(
    `${file}:${line}:${col}: step "${step.name}" goes to "${next}", which is not a step of the same block`,
  );
}


function addNode(scope: GraphScope, id: string, lines: string[], shape: NodeShape): string {
  const node: GraphNode = { id, lines, shape };
  scope.nodes.push(node);
  return id;
}

function addEdge(builder: Builder, from: string, to: string, label?: string): void {
  builder.edges.push(label === undefined ? { from, to } : { from, to, label });
}
