import { describe, expect, it } from "vitest";
import { renderDot } from "../../../shared/graph/render-dot";
import { ancestors, edgesFrom, nodeNamed, parseDot } from "./parse-output";
import { batch, chooser, native, parallel, scatter, subpipe, workflow } from "./workflow-factory";

describe("renderDot", () => {
  it("writes a digraph with a shape per kind and edges following next", () => {
    const text = renderDot(
      workflow([
        batch("Prepare", "Route"),
        chooser("Route", [["stats.depth < 10", "Stop"]], "Call"),
        subpipe("Call", "child-flow", "Hold"),
        native("Hold", "Wait"),
        native("Stop", "Fail"),
      ]),
    );
    expect(text.startsWith("digraph workflow {\n")).toBe(true);
    const g = parseDot(text);
    const id = (name: string) => nodeNamed(g, name).id;
    expect(nodeNamed(g, "Prepare")).toMatchObject({ shape: "shape=box", text: "Prepare\ndocker.io/library/ubuntu" });
    expect(nodeNamed(g, "Route").shape).toBe("shape=diamond");
    expect(nodeNamed(g, "Call")).toMatchObject({ shape: "shape=box, peripheries=2", text: "Call\nchild-flow" });
    expect(nodeNamed(g, "Hold")).toMatchObject({ shape: "shape=box, style=rounded", text: "Hold\nWait" });
    expect(nodeNamed(g, "Stop")).toMatchObject({ shape: "shape=oval", text: "Stop\nFail" });
    expect(edgesFrom(g, id("Start"))).toEqual([id("Prepare")]);
    expect(edgesFrom(g, id("Route"))).toEqual([`${id("Stop")}|stats.depth < 10`, `${id("Call")}|otherwise`]);
    expect(edgesFrom(g, id("Hold"))).toEqual([id("End")]);
    expect(edgesFrom(g, id("Stop"))).toEqual([]);
  });

  it("draws scatter and parallel blocks as clusters that Graphviz boxes", () => {
    const g = parseDot(
      renderDot(
        workflow([
          scatter("Fan", ["sample"], [batch("Count")], "Split"),
          parallel("Split", [{ if: "job.a", steps: [batch("A")] }, { steps: [batch("B")] }]),
        ]),
      ),
    );
    const id = (name: string) => nodeNamed(g, name).id;
    const [fanBox] = ancestors(g, id("Count"));
    expect(fanBox).toMatch(/^cluster_/);
    expect(g.clusters.get(fanBox!)!.label).toBe("Fan (scatter over sample)");
    expect(ancestors(g, id("A"))).toHaveLength(1);
    expect(ancestors(g, id("A"))).not.toEqual(ancestors(g, id("B")));
    expect(edgesFrom(g, id("Split"))).toEqual([`${id("A")}|job.a`, id("B")]);
  });

  it("quotes labels holding quotes and backslashes so the reader sees them as written", () => {
    const name = String.raw`Say "hi" \n <b>{x}</b>; a -> b`;
    const expr = String.raw`re.match("a\d+", job.id) and x < 3`;
    const text = renderDot(workflow([chooser(name, [[expr, "Next"]], "Next"), batch("Next")]));
    const g = parseDot(text);
    expect(nodeNamed(g, name).text).toBe(name);
    expect(g.edges.some((e) => e.label === expr)).toBe(true);
    expect(text).toContain(String.raw`label="Say \"hi\" \\n <b>{x}</b>; a -> b"`);
  });
});
