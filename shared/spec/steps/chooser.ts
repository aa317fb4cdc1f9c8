import type { BuiltStep, StepInput } from "../context";
import { chooserStep } from "../language";
import { entry } from "../tree";
import type { ChooserStep } from "../types";
import { fromEntries, valuePos, writtenFlow } from "./common";
import { checkExpression } from "./expressions";

export function buildChooserStep({ name, body, at, cx }: StepInput): BuiltStep | undefined {
  const v = chooserStep.read(body, cx, "");
  if (!v) return undefined;
  const choiceNodes = entry(body, "choices")!.value;
  const jumps: BuiltStep["jumps"] = [];
  v.choices!.forEach((choice, i) => {
    const node = choiceNodes.kind === "seq" ? choiceNodes.items[i] : choiceNodes;
    const ifPos = node.kind === "map" ? valuePos(node, "if") : node.pos;
    checkExpression(choice.if!, cx, ifPos, `choices[${i}].if`);
    jumps.push({ target: choice.next!, pos: node.kind === "map" ? valuePos(node, "next") : node.pos, field: `choices[${i}].next` });
  });
  const step: ChooserStep = {
    kind: "chooser",
    name,
    next: "",
    at,
    inputs: fromEntries(v.inputs),
    choices: v.choices!.map((c) => ({ if: c.if!, next: c.next! })),
  };
  return { step, flow: writtenFlow(body, v, cx), jumps };
}
