import { beforeAll, describe, expect, it } from "vitest";
import type { AslState, CompiledWorkflow } from "../../../shared/compiler";
import { parseBranchEvent, parseScatterEvent } from "../../../shared/branches";
import { ConditionFailed, parseChooserEvent } from "../../../shared/chooser";
import { parseGatherEvent } from "../../../shared/gather";
import { repositoryFromUri } from "../../../shared/repository";
import { parseSubpipeEvent } from "../../../shared/subpipes";
import { batchStep, chooserStep, parallelStep, scatterStep, subpipeStep, workflow } from "../../support/model";
import { compileValid, state } from "../compiler/helpers";
import { resolveParameters, type StatesContext } from "./statesParameters";

// The step Lambdas read exactly what the compiled state machine sends them: each Lambda state's
// Parameters, resolved against a job object, parse into the request the Lambda acts on.

const repo = repositoryFromUri("s3://data-bucket/runs/7");
const jobObject = {
  index: "main",
  job_file: { bucket: "launcher", key: "wf/job.json", version: "v1" },
  repo,
  prev_outputs: { reads: "reads.fq" },
  share_id: "wf",
};
const context: StatesContext = { Execution: { Id: "arn:aws:states:us-east-1:1:execution:wf:run", Name: "run" } };

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow([
      batchStep({ name: "Prep", outputs: [{ name: "reads", path: "reads.fq", s3Tags: {} }] }),
      scatterStep({
        name: "PerSample",
        scatter: { sample: ["S1", "S2"] },
        outputs: { counts: "counts.txt" },
        steps: [batchStep({ name: "Count" })],
      }),
      subpipeStep({
        name: "Child",
        subpipe: "child-wf",
        jobData: "child.json",
        submit: [{ from: "a.txt", to: "a.txt" }],
        retrieve: [{ from: "b.txt", to: "${job.x}.txt" }],
      }),
      chooserStep({ name: "Route", inputs: { stats: "stats.json" }, choices: [{ if: "stats.n > 1", next: "Done" }], next: "Deep" }),
      parallelStep({ name: "Deep", branches: [{ if: "job.deep", steps: [batchStep({ name: "Dig" })] }] }),
      batchStep({ name: "Done" }),
    ]),
  );
});

const parametersOf = (name: string, input: unknown = jobObject, ctx: StatesContext = context) =>
  resolveParameters(state(compiled, name).Parameters, input, ctx);

describe("the compiled state machine's events", () => {
  it("scatter: the step's repository object, auto-inputs from the previous outputs, outputs and sources as JSON", () => {
    expect(parseScatterEvent(parametersOf("PerSample"))).toEqual({
      repo,
      stepName: "PerSample",
      scatter: { sample: ["S1", "S2"] },
      inputs: { reads: "reads.fq" },
      outputs: { counts: "counts.txt" },
    });
  });

  it("scatter-init: the Map item's index and line, and the scatter repository the scatter Lambda returned", () => {
    const scatterRepo = repositoryFromUri(`${repo.uri}/PerSample`);
    const afterScatter = { ...jobObject, scatter: { items: { bucket: repo.bucket, key: `${scatterRepo.prefix}/items.jsonl` }, repo: scatterRepo } };
    const item = { sample: "S2", n: 3 };
    const branchInput = resolveParameters(state(compiled, "PerSample.map").ItemSelector, afterScatter, { ...context, Map: { Item: { Index: 1, Value: item } } });

    expect(parseBranchEvent(parametersOf("PerSample.initialize", branchInput))).toEqual({ index: 1, scatterRepo, item });
  });

  it("gather: the repository's URI, the step and its outputs", () => {
    expect(parseGatherEvent(parametersOf("PerSample.gather"))).toEqual({ repo, stepName: "PerSample", outputs: { counts: "counts.txt" } });
  });

  it("subpipes: submit with job_data and copy specs, and retrieve with the child's repository and the step from the preamble", () => {
    expect(parseSubpipeEvent(parametersOf("Child"))).toEqual({
      mode: "submit",
      repo,
      stepName: "Child",
      jobData: "child.json",
      submit: [{ from: "a.txt", to: "a.txt" }],
    });
    const subRepo = repositoryFromUri(`${repo.uri}/Child`);
    expect(parseSubpipeEvent(parametersOf("Child.retrieve", { ...jobObject, subpipe: { sub_repo: subRepo } }))).toEqual({
      mode: "retrieve",
      repo,
      stepName: "Child",
      subRepo,
      retrieve: [{ from: "b.txt", to: "${job.x}.txt" }],
    });
  });

  it("chooser: a simple chooser's expressions, and a parallel branch's expression whose false outcome the Catch matches by name", () => {
    expect(parseChooserEvent(parametersOf("Route"))).toEqual({
      repo,
      stepName: "Route",
      inputs: { stats: "stats.json" },
      condition: { expressions: ["stats.n > 1"] },
    });
    const checkName = "Deep.if1: job.deep?";
    expect(parseChooserEvent(parametersOf(checkName))).toEqual({ repo, stepName: "Deep", inputs: {}, condition: { expression: "job.deep" } });
    const catchRules = state(compiled, checkName).Catch as NonNullable<AslState["Catch"]>;
    expect((catchRules as Array<{ ErrorEquals: string[] }>)[0].ErrorEquals).toContain(new ConditionFailed("Deep", "job.deep").name);
  });
});
