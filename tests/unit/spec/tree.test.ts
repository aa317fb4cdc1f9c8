import { expect, test } from "vitest";
import { parseTree, type MapNode, type TreeNode } from "../../../shared/spec/tree";

const TEXT = `top:
  list:
    - a
    - {x: 1, "y z": [true, null]}
  ref: &shared
    k: v
  again: *shared
  text: |
    line one
`;

function at(node: TreeNode, ...path: Array<string | number>): TreeNode {
  let here = node;
  for (const step of path) {
    here = typeof step === "number" ? (here as { items: TreeNode[] }).items[step] : (here as MapNode).entries.find((e) => e.key === step)!.value;
  }
  return here;
}

test("positions of values and keys are where the text has them", () => {
  const { tree } = parseTree(TEXT, "f.yaml");
  const top = at(tree!, "top") as MapNode;
  expect(at(tree!, "top", "list", 0).pos).toEqual({ file: "f.yaml", line: 3, col: 7 });
  expect(at(tree!, "top", "list", 1, "y z", 0).pos).toEqual({ file: "f.yaml", line: 4, col: 22 });
  expect((at(tree!, "top", "list", 1) as MapNode).entries[1].keyPos).toEqual({ file: "f.yaml", line: 4, col: 14 });
  expect(top.entries.find((e) => e.key === "again")!.keyPos).toEqual({ file: "f.yaml", line: 7, col: 3 });
  // An alias points at what it names.
  expect(at(tree!, "top", "again", "k").pos).toEqual({ file: "f.yaml", line: 6, col: 8 });
  expect(at(tree!, "top", "text")).toMatchObject({ kind: "scalar", value: "line one\n" });
});

test("values keep their YAML types", () => {
  const { tree } = parseTree(TEXT, "f.yaml");
  expect(at(tree!, "top", "list", 1, "x")).toMatchObject({ value: 1 });
  expect(at(tree!, "top", "list", 1, "y z", 0)).toMatchObject({ value: true });
  expect(at(tree!, "top", "list", 1, "y z", 1)).toMatchObject({ value: null });
});

test("integer-like keys keep the order they were written in", () => {
  const { tree } = parseTree("b: 1\n10: 2\n2: 3\n", "f.yaml");
  expect((tree as MapNode).entries.map((e) => e.key)).toEqual(["b", "10", "2"]);
  expect((tree as MapNode).entries[2].keyPos).toEqual({ file: "f.yaml", line: 3, col: 1 });
});

test("a YAML error is reported once, at its place", () => {
  expect(parseTree("a: [1, 2\nb: 3\n", "f.yaml").errors).toHaveLength(1);
  expect(parseTree("a: 1\na: 2\n", "f.yaml").errors).toEqual([{ pos: { file: "f.yaml", line: 2, col: 1 }, message: "YAML: Map keys must be unique" }]);
});
