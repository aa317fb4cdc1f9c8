import { beforeAll, describe, expect, test } from "vitest";
import { stateName, type CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, chooserStep, nativeStep, parallelStep, workflow } from "../../support/model";
import { compileValid, jobDefinitionOf, state } from "./helpers";

const LONG_EXPRESSION = "stats.depth > 10 and stats.kind == 'paired' and job.mode in ['fast', 'faster', 'fastest']";

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow([
      chooserStep({
        name: "Route",
        inputs: { stats: "stats.json" },
        choices: [
          { if: "stats.depth < 10", next: "TooShallow" },
          { if: "job.mode == 'fast'", next: "Finish" },
        ],
      }),
      parallelStep({
        name: "Deep",
        inputs: { stats: "stats.json" },
        next: "Finish",
        branches: [
          { if: "stats.kind == 'paired'", steps: [batchStep({ name: "Pair" }), nativeStep({ name: "PairDone", type: "Succeed" })] },
          { steps: [nativeStep({ name: "Always", type: "Wait", body: { Seconds: 5 } })] },
          { if: LONG_EXPRESSION, steps: [batchStep({ name: "Third" })] },
          { if: LONG_EXPRESSION, steps: [batchStep({ name: "Fourth" })] },
        ],
      }),
      nativeStep({ name: "TooShallow", type: "Fail", body: { Error: "ShallowData", Cause: "depth below threshold" } }),
      nativeStep({ name: "Finish", type: "Succeed" }),
    ]),
  );
});

describe("simple chooser", () => {
  test("the chooser Lambda evaluates the expressions in order and records the first true one", () => {
    const task = state(compiled, "Route");
    expect(task.Resource).toBe("${ChooserLambdaArn}");
    expect(task.Parameters).toMatchObject({
      "repo.$": "$.repo.uri",
      inputs: JSON.stringify({ stats: "stats.json" }),
      expressions: ["stats.depth < 10", "job.mode == 'fast'"],
    });
    expect(task.ResultPath).toBe("$.choice");
    expect(task.Next).toBe("Route.choose");
  });

  test("a Choice state jumps to the chosen expression's step, else falls through", () => {
    expect(state(compiled, "Route.choose")).toEqual({
      Type: "Choice",
      Choices: [
        { Variable: "$.choice", StringEquals: "stats.depth < 10", Next: "TooShallow" },
        { Variable: "$.choice", StringEquals: "job.mode == 'fast'", Next: "Finish" },
      ],
      Default: "Deep",
    });
  });
});

describe("parallel chooser", () => {
  test("one Parallel state that passes the job object through, then goes on", () => {
    const parallel = state(compiled, "Deep");
    expect(parallel.Type).toBe("Parallel");
    expect(parallel.ResultPath).toBeNull();
    expect(parallel.Next).toBe("Finish");
    expect(parallel.Branches).toHaveLength(4);
  });

  test("a conditional branch checks its expression first; a false one ends the branch at a Succeed", () => {
    const branch = (state(compiled, "Deep").Branches as any[])[0];
    const check = "Deep.if1: stats.kind == 'paired'?";
    expect(branch.StartAt).toBe(check);
    expect(Object.keys(branch.States)).toEqual([check, "Pair", "PairDone", "Deep.skip1"]);
    expect(branch.States[check]).toMatchObject({
      Resource: "${ChooserLambdaArn}",
      Parameters: { "repo.$": "$.repo.uri", inputs: JSON.stringify({ stats: "stats.json" }), expression: "stats.kind == 'paired'" },
      ResultPath: null,
      Catch: [{ ErrorEquals: ["ConditionFailed"], Next: "Deep.skip1" }],
      Next: "Pair",
    });
    expect(branch.States["Deep.skip1"]).toEqual({ Type: "Succeed" });
  });

  test("steps in a branch are compiled as a block of their own", () => {
    expect(state(compiled, "Pair").Next).toBe("PairDone");
    expect(jobDefinitionOf(compiled, "Pair").Type).toBe("container");
  });

  test("an unconditional branch is just its steps", () => {
    const branch = (state(compiled, "Deep").Branches as any[])[1];
    expect(branch.StartAt).toBe("Always");
    expect(Object.keys(branch.States)).toEqual(["Always"]);
  });

  test("a check's state name over 80 characters is shortened, readable and unique per branch", () => {
    const [third, fourth] = (state(compiled, "Deep").Branches as any[]).slice(2).map((b) => b.StartAt as string);
    expect(third).toBe(stateName(`Deep.if3: ${LONG_EXPRESSION}?`));
    expect(Array.from(third as string)).toHaveLength(80);
    expect(third?.startsWith("Deep.if3: stats.depth > 10")).toBe(true);
    expect(fourth?.startsWith("Deep.if4: ")).toBe(true);
    expect(third).not.toBe(fourth);
  });
});
