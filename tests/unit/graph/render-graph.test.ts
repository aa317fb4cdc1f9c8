import { describe, expect, it } from "vitest";
import { renderDot } from "../../../shared/graph/render-dot";
import { GRAPH_FORMATS, isGraphFormat, renderGraph } from "../../../shared/graph/render-graph";
import { renderMermaid } from "../../../shared/graph/render-mermaid";
import { batch, workflow } from "./workflow-factory";

describe("renderGraph", () => {
  const wf = workflow([batch("Only")]);

  it("renders each format with its renderer", () => {
    expect(renderGraph(wf, "mermaid")).toBe(renderMermaid(wf));
    expect(renderGraph(wf, "dot")).toBe(renderDot(wf));
  });

  it("accepts exactly the listed format names", () => {
    expect(GRAPH_FORMATS).toEqual(["mermaid", "dot"]);
    expect(GRAPH_FORMATS.every(isGraphFormat)).toBe(true);
    expect(isGraphFormat("svg")).toBe(false);
    expect(isGraphFormat("Mermaid")).toBe(false);
  });
});
