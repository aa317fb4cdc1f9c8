import { beforeAll, expect, test } from "vitest";
import type { CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, nativeStep, workflow } from "../../support/model";
import { compileValid, jobDefinitionOf, state } from "./helpers";

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow([
      nativeStep({ name: "Note", type: "Pass", body: { Type: "Pass", Result: { a: 1 }, ResultPath: "$.note", OutputPath: "$.note" } }),
      nativeStep({
        name: "Call",
        type: "Task",
        body: {
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
          Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Broken" }],
        },
      }),
      nativeStep({ name: "Pause", type: "Wait", body: { Seconds: 5 } }),
      nativeStep({
        name: "Both",
        type: "Parallel",
        branches: [
          [batchStep({ name: "InBranch" }), nativeStep({ name: "BranchWait", type: "Wait", body: { Seconds: 1 } })],
          [nativeStep({ name: "Other", type: "Pass" })],
        ],
        next: "Done",
      }),
      nativeStep({ name: "Broken", type: "Fail", body: { Error: "Bad", Cause: "because" } }),
      nativeStep({ name: "Done", type: "Succeed" }),
    ]),
  );
});

test("a Pass or Task keeps its fields but passes the job object on unchanged", () => {
  expect(state(compiled, "Note")).toEqual({ Type: "Pass", Result: { a: 1 }, ResultPath: null, OutputPath: "$", Next: "Call" });
  expect(state(compiled, "Call")).toEqual({
    Type: "Task",
    Resource: "arn:aws:lambda:us-east-1:123456789012:function:f",
    Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }],
    Catch: [{ ErrorEquals: ["States.ALL"], Next: "Broken" }],
    ResultPath: null,
    OutputPath: "$",
    Next: "Pause",
  });
});

test("a Wait gets no ResultPath (ASL has none for it)", () => {
  expect(state(compiled, "Pause")).toEqual({ Type: "Wait", Seconds: 5, OutputPath: "$", Next: "Both" });
});

test("Succeed and Fail end the run whatever follows; Fail keeps no paths", () => {
  expect(state(compiled, "Broken")).toEqual({ Type: "Fail", Error: "Bad", Cause: "because" });
  expect(state(compiled, "Done")).toEqual({ Type: "Succeed", OutputPath: "$" });
});

test("a native Parallel's branches are stepbatch blocks, compiled like any other", () => {
  const both = state(compiled, "Both");
  expect(both.ResultPath).toBeNull();
  expect(both.Next).toBe("Done");
  expect(both.Branches).toEqual([
    { StartAt: "InBranch", States: { InBranch: state(compiled, "InBranch"), BranchWait: state(compiled, "BranchWait") } },
    { StartAt: "Other", States: { Other: { Type: "Pass", ResultPath: null, OutputPath: "$", End: true } } },
  ]);
  expect(state(compiled, "InBranch").Next).toBe("BranchWait");
  expect(state(compiled, "BranchWait").End).toBe(true);
  expect(jobDefinitionOf(compiled, "InBranch").Type).toBe("container");
});
