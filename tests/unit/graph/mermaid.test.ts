import { describe, expect, it } from "vitest";
import { GraphError } from "../../../shared/graph/build-graph";
import { LABEL_MAX_CHARS } from "../../../shared/graph/label-text";
import { renderMermaid } from "../../../shared/graph/render-mermaid";
import type { Workflow } from "../../../shared/spec/types";
import { ancestors, edgesFrom, nodeNamed, parseMermaid, type ParsedGraph } from "./parse-output";
import { batch, chooser, native, parallel, scatter, subpipe, workflow } from "./workflow-factory";

function draw(wf: Workflow): ParsedGraph {
  return parseMermaid(renderMermaid(wf));
}

/** Node id of the step (or Start/End) whose label starts with `name`. */
function id(graph: ParsedGraph, name: string): string {
  return nodeNamed(graph, name).id;
}

describe("renderMermaid", () => {
  it("draws a linear workflow from Start to End, batch steps as rectangles with their image", () => {
    const text = renderMermaid(
      workflow([batch("Prepare", "Analyze", "docker.io/library/python:3.12-slim"), batch("Analyze")]),
    );
    expect(text.startsWith("flowchart TD\n")).toBe(true);
    const g = parseMermaid(text);
    expect(edgesFrom(g, id(g, "Start"))).toEqual([id(g, "Prepare")]);
    expect(edgesFrom(g, id(g, "Prepare"))).toEqual([id(g, "Analyze")]);
    expect(edgesFrom(g, id(g, "Analyze"))).toEqual([id(g, "End")]);
    expect(nodeNamed(g, "Prepare")).toMatchObject({ shape: "[]", text: "Prepare\ndocker.io/library/python:3.12-slim" });
    expect(nodeNamed(g, "Start").shape).toBe("([])");
    expect(nodeNamed(g, "End").shape).toBe("([])");
    expect(g.edges).toHaveLength(3);
  });

  it("follows explicit next, including a jump back, and ends terminal steps at End", () => {
    const g = draw(workflow([batch("A", "C"), batch("B"), batch("C", "A")]));
    expect(edgesFrom(g, id(g, "A"))).toEqual([id(g, "C")]);
    expect(edgesFrom(g, id(g, "C"))).toEqual([id(g, "A")]);
    expect(edgesFrom(g, id(g, "B"))).toEqual([id(g, "End")]);
  });

  it("draws a chooser as a diamond with one edge per choice carrying its expression, and an otherwise edge", () => {
    const g = draw(
      workflow([
        chooser("Route", [["stats.depth < 10", "Shallow"], ["job.mode == 'fast'", "Fast"]], "Deep"),
        batch("Deep"),
        batch("Fast"),
        batch("Shallow"),
      ]),
    );
    expect(nodeNamed(g, "Route").shape).toBe("{}");
    expect(edgesFrom(g, id(g, "Route"))).toEqual([
      `${id(g, "Shallow")}|stats.depth < 10`,
      `${id(g, "Fast")}|job.mode == 'fast'`,
      `${id(g, "Deep")}|otherwise`,
    ]);
  });

  it("puts scatter children inside a subgraph labelled with the scatter keys, gathering before the next step", () => {
    const g = draw(
      workflow([
        scatter("PerSample", ["sample", "chunk"], [batch("Count", "Sum"), batch("Sum")], "Report"),
        batch("Report"),
      ]),
    );
    const count = id(g, "Count");
    const cluster = g.clusters.get(ancestors(g, count)[0]!)!;
    expect(cluster.label).toContain("PerSample");
    expect(cluster.label).toContain("sample × chunk");
    expect(ancestors(g, id(g, "Sum"))).toEqual([cluster.id]);
    expect(ancestors(g, id(g, "Report"))).toEqual([]);

    const entry = edgesFrom(g, id(g, "Start"))[0]!;
    expect(ancestors(g, entry)).toEqual([cluster.id]);
    expect(edgesFrom(g, entry)).toEqual([count]);
    // Sum ends the block: it goes to the gather point, which goes on to the scatter's own next.
    const [gather] = edgesFrom(g, id(g, "Sum"));
    expect(nodeNamed(g, "gather").id).toBe(gather);
    expect(ancestors(g, gather!)).toEqual([cluster.id]);
    expect(edgesFrom(g, gather!)).toEqual([id(g, "Report")]);
  });

  it("ends a terminal scatter at End, after its gather", () => {
    const g = draw(workflow([scatter("Fan", ["x"], [batch("Work")])]));
    const gather = edgesFrom(g, id(g, "Work"))[0]!;
    expect(gather).not.toBe(id(g, "End"));
    expect(edgesFrom(g, gather)).toEqual([id(g, "End")]);
  });

  it("forks a parallel chooser into one subgraph per branch, edges labelled with each branch's if, joined before next", () => {
    const g = draw(
      workflow([
        parallel(
          "Deep",
          [
            { if: "stats.kind == 'paired'", steps: [batch("Pair", "PairQC"), batch("PairQC")] },
            { steps: [batch("Always")] },
          ],
          "Finish",
        ),
        batch("Finish"),
      ]),
    );
    const fork = id(g, "Deep");
    expect(nodeNamed(g, "Deep").shape).toBe("{{}}");
    expect(edgesFrom(g, fork)).toEqual([`${id(g, "Pair")}|stats.kind == 'paired'`, id(g, "Always")]);
    const pairBranch = ancestors(g, id(g, "Pair"));
    const alwaysBranch = ancestors(g, id(g, "Always"));
    expect(pairBranch).toHaveLength(1);
    expect(alwaysBranch).toHaveLength(1);
    expect(pairBranch).not.toEqual(alwaysBranch);
    expect(ancestors(g, id(g, "PairQC"))).toEqual(pairBranch);

    const join = nodeNamed(g, "join").id;
    expect(edgesFrom(g, id(g, "PairQC"))).toEqual([join]);
    expect(edgesFrom(g, id(g, "Always"))).toEqual([join]);
    expect(edgesFrom(g, id(g, "Pair"))).toEqual([id(g, "PairQC")]);
    expect(edgesFrom(g, join)).toEqual([id(g, "Finish")]);
  });

  it("draws an empty parallel branch as a labelled edge straight from fork to join", () => {
    const g = draw(workflow([parallel("P", [{ if: "job.skip", steps: [] }, { steps: [batch("B")] }])]));
    const join = nodeNamed(g, "join").id;
    expect(edgesFrom(g, id(g, "P"))).toEqual([`${join}|job.skip`, id(g, "B")]);
    expect(g.clusters.size).toBe(1);
  });

  it("draws a subpipe as a subroutine naming the child workflow, also when given as an ARN", () => {
    const g = draw(
      workflow([
        subpipe("Fast", "fast-subworkflow", "Mock"),
        subpipe("Mock", "arn:aws:states:us-east-1:123456789012:stateMachine:mock-flow"),
      ]),
    );
    expect(nodeNamed(g, "Fast")).toMatchObject({ shape: "[[]]", text: "Fast\nfast-subworkflow" });
    expect(nodeNamed(g, "Mock").text).toBe("Mock\nmock-flow");
    expect(edgesFrom(g, id(g, "Fast"))).toEqual([id(g, "Mock")]);
  });

  it("draws native steps with their ASL type; Succeed and Fail are terminal shapes that end themselves", () => {
    const g = draw(
      workflow([
        native("Hold", "Wait", "Check"),
        native("Check", "Task", "Tidy"),
        native("Tidy", "Pass", "Done"),
        native("Done", "Succeed"),
        native("Broken", "Fail"),
      ]),
    );
    expect(nodeNamed(g, "Hold")).toMatchObject({ shape: "()", text: "Hold\nWait" });
    expect(nodeNamed(g, "Check").text).toBe("Check\nTask");
    expect(nodeNamed(g, "Tidy").text).toBe("Tidy\nPass");
    expect(nodeNamed(g, "Done")).toMatchObject({ shape: "([])", text: "Done\nSucceed" });
    expect(nodeNamed(g, "Broken")).toMatchObject({ shape: "([])", text: "Broken\nFail" });
    expect(edgesFrom(g, id(g, "Tidy"))).toEqual([id(g, "Done")]);
    expect(edgesFrom(g, id(g, "Done"))).toEqual([]);
    expect(edgesFrom(g, id(g, "Broken"))).toEqual([]);
    expect(g.edges.some((e) => e.to === id(g, "End"))).toBe(false);
  });

  it("draws a native Parallel with one subgraph per branch; Succeed ends only its branch, Fail ends the run", () => {
    const g = draw(
      workflow([
        native("Both", "Parallel", "After", [
          [batch("Left", "LeftDone"), native("LeftDone", "Succeed")],
          [native("Right", "Fail")],
        ]),
        batch("After"),
      ]),
    );
    expect(nodeNamed(g, "Both").text).toBe("Both\nParallel");
    expect(edgesFrom(g, id(g, "Both"))).toEqual([id(g, "Left"), id(g, "Right")]);
    expect(ancestors(g, id(g, "Left"))).toHaveLength(1);
    expect(ancestors(g, id(g, "Right"))).toHaveLength(1);
    expect(ancestors(g, id(g, "Left"))).not.toEqual(ancestors(g, id(g, "Right")));
    const join = nodeNamed(g, "join").id;
    expect(edgesFrom(g, id(g, "LeftDone"))).toEqual([join]);
    expect(edgesFrom(g, id(g, "Right"))).toEqual([]);
    expect(edgesFrom(g, join)).toEqual([id(g, "After")]);
  });

  it("nests a scatter inside a parallel branch", () => {
    const g = draw(workflow([parallel("P", [{ steps: [scatter("S", ["k"], [batch("Inner")])] }])]));
    const [scatterBox, branchBox] = ancestors(g, id(g, "Inner"));
    expect(g.clusters.get(scatterBox!)!.label).toContain("S (scatter over k)");
    expect(g.clusters.get(scatterBox!)!.parent).toBe(branchBox);
    expect(g.clusters.get(branchBox!)!.parent).toBeNull();
  });

  it("gives unique, safe ids to names that differ only in punctuation, case or are Mermaid keywords", () => {
    const names = ["do-this", "do_this", "do this", "Do.This", "end", "style", "class", "graph", "v-class", "1st", "Start", ""];
    const steps = names.map((name, i) => batch(name, names[i + 1] ?? null));
    const g = draw(workflow(steps));
    // parseMermaid rejects duplicate or malformed ids; check every step still got its own node.
    expect(g.nodes.size).toBe(names.length + 2);
    const ids = [...g.nodes.keys()];
    expect(new Set(ids.map((i) => i.toLowerCase())).size).toBe(ids.length);
    for (const nodeId of ids) {
      expect(nodeId).toMatch(/^n_[A-Za-z0-9_]*$/);
      expect(["end", "style", "class", "graph", "subgraph"].some((k) => nodeId.startsWith(k))).toBe(false);
    }
    expect(edgesFrom(g, id(g, "do-this"))).toEqual([id(g, "do_this")]);
  });

  it("escapes quotes, <, >, #, |, & and colons in labels, so the reader sees the text as written", () => {
    const name = `Say "hi" <b>#1</b> | a & b: c`;
    const expr = `x["k"] < 3 and y > 2 | z # note`;
    const text = renderMermaid(workflow([chooser(name, [[expr, "Next"]], "Next"), batch("Next")]));
    const g = parseMermaid(text);
    const node = nodeNamed(g, name);
    expect(node.raw).not.toMatch(/["<>|&:]/);
    expect(node.raw.replace(/#\d+;/g, "")).not.toContain("#");
    expect(g.edges.some((e) => e.label === expr)).toBe(true);
    const edgeLine = text.split("\n").find((line) => line.includes("-->|") && !line.includes("otherwise"));
    expect(edgeLine).toMatch(/^ {2}n_\w+ -->\|"[^"|<>&:]*"\| n_\w+$/);
  });

  it("keeps a label mentioning a direction from reading as a direction statement", () => {
    const text = renderMermaid(workflow([batch("Turn direction LR")]));
    expect(text).not.toMatch(/direction\s+(TB|BT|LR|RL)/);
    expect(nodeNamed(parseMermaid(text), "Turn direction LR")).toBeDefined();
  });

  it("shortens long expressions to LABEL_MAX_CHARS and keeps every label on one line", () => {
    const long = `job.sample_type == 'paired'\n  and stats.depth > 30 and stats.mapping_rate > 0.95 and not job.skip_qc`;
    const g = draw(workflow([chooser("Route", [[long, "A"]], "A"), batch("A")]));
    const label = g.edges.find((e) => e.label !== "otherwise" && e.from === id(g, "Route"))!.label!;
    expect(Array.from(label)).toHaveLength(LABEL_MAX_CHARS);
    expect(label.endsWith("…")).toBe(true);
    expect(label.startsWith("job.sample_type == 'paired' and stats.depth")).toBe(true);
  });

  it("leaves an expression of exactly LABEL_MAX_CHARS characters whole", () => {
    const exact = "x".repeat(LABEL_MAX_CHARS);
    const g = draw(workflow([chooser("Route", [[exact, "A"]], "A"), batch("A")]));
    expect(g.edges.some((e) => e.label === exact)).toBe(true);
  });

  it("draws an empty workflow as Start straight to End", () => {
    const g = draw(workflow([]));
    expect(g.edges).toEqual([{ from: id(g, "Start"), to: id(g, "End") }]);
  });

  it("reports a next that names no step of the same block with a code, the step and where it is", () => {
    const wf = workflow([scatter("Fan", ["x"], [batch("Inner", "Outer")]), batch("Outer")]);
    expect(() => renderMermaid(wf)).toThrow(GraphError);
    expect(() => renderMermaid(wf)).toThrow(
      expect.objectContaining({
        code: "GRAPH_UNKNOWN_STEP",
        message: 'test.yaml:1:1: step "Inner" goes to "Outer", which is not a step of the same block',
      }),
    );
  });
});
