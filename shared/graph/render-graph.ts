// The one entry point for `stepbatch graph`: a workflow picture in the chosen format.

import type { Workflow } from "../spec/types";
import { renderDot } from "./render-dot";
import { renderMermaid } from "./render-mermaid";

export const GRAPH_FORMATS = ["mermaid", "dot"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const RENDERERS: Record<GraphFormat, (workflow: Workflow) => string> = {
  mermaid: renderMermaid,
  dot: renderDot,
};

export function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}

export function renderGraph(workflow: Workflow, format: GraphFormat): string {
  return RENDERERS[format](workflow);
}
