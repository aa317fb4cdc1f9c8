import type { ChooserStep } from "../../spec/types";
import { addState, type BlockOutput } from "../context";
import { lambdaTask } from "../lambda";
import { stateName } from "../names";

/** The chooser Lambda returns the first true expression's text (or null); a Choice state jumps on it, else falls through to `next`. */
export function compileChooserStep(step: ChooserStep, out: BlockOutput): void {
  const chooseState = stateName(`${step.name}.choose`);
  addState(
    out,
    stateName(step.name),
    lambdaTask({
      lambda: "chooser",
      stepName: step.name,
      inScatter: out.inScatter,
      parameters: {
        "repo.$": "$.repo.uri",
        inputs: JSON.stringify(step.inputs),
        expressions: step.choices.map((c) => c.if),
      },
      resultPath: "$.choice",
      flow: { Next: chooseState },
    }),
  );
  addState(out, chooseState, {
    Type: "Choice",
    Choices: step.choices.map((c) => ({ Variable: "$.choice", StringEquals: c.if, Next: stateName(c.next) })),
    Default: stateName(step.next),
  });
}
