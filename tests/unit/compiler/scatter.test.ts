import { beforeAll, expect, test } from "vitest";
import type { CompiledWorkflow } from "../../../shared/compiler";
import { batchStep, parallelStep, scatterStep, subpipeStep, workflow } from "../../support/model";
import { compileValid, jobDefinitionOf, state } from "./helpers";

const LONG_LABEL_NAME = "PerSample_with_a_rather_long_and_descriptive_name";

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow([
      batchStep({ name: "MakeConfig", inputs: [], outputs: [{ name: "config", path: "config.json", s3Tags: {} }] }),
      scatterStep({
        name: "PerSample",
        scatter: { sample: "${job.samples}", chunk: "s3://raw/chunk_*.fq" },
        inputs: { config: "config.json" },
        outputs: { counts: "counts.txt" },
        maxConcurrency: 50,
        errorTolerance: { percent: 10 },
        steps: [
          batchStep({ name: "Count", outputs: [{ name: "counts", path: "counts.txt", s3Tags: {} }] }),
          parallelStep({ name: "Fork", branches: [{ steps: [batchStep({ name: "Left" })] }, { steps: [subpipeStep({ name: "Nested", subpipe: "child" })] }] }),
        ],
      }),
      scatterStep({ name: LONG_LABEL_NAME, errorTolerance: { count: 3 }, steps: [batchStep({ name: "Tiny" })] }),
      batchStep({ name: "Summarize" }),
    ]),
  );
});

test("the scatter Lambda expands the items, then the map runs them, then gather collects", () => {
  const scatter = state(compiled, "PerSample");
  expect(scatter.Resource).toBe("${ScatterLambdaArn}");
  expect(scatter.Parameters).toMatchObject({
    "repo.$": "$.repo",
    scatter: JSON.stringify({ sample: "${job.samples}", chunk: "s3://raw/chunk_*.fq" }),
    inputs: JSON.stringify({ config: "config.json" }),
    outputs: JSON.stringify({ counts: "counts.txt" }),
    step_name: "PerSample",
  });
  expect(scatter.ResultPath).toBe("$.scatter");
  expect(scatter.Next).toBe("PerSample.map");
  expect(state(compiled, "PerSample.map").Next).toBe("PerSample.gather");
  expect(state(compiled, "PerSample.gather").Next).toBe(LONG_LABEL_NAME);
});

test("a scatter without inputs passes the previous step's outputs on", () => {
  expect((state(compiled, LONG_LABEL_NAME).Parameters as any)["inputs.$"]).toBe("States.JsonToString($.prev_outputs)");
});

test("a Distributed Map reads one branch per line of the item file (JSON Lines keeps the values' types)", () => {
  const map = state(compiled, "PerSample.map");
  expect(map.Type).toBe("Map");
  expect(map.ItemReader).toEqual({
    Resource: "arn:aws:states:::s3:getObject",
    ReaderConfig: { InputType: "JSONL" },
    Parameters: { "Bucket.$": "$.scatter.items.bucket", "Key.$": "$.scatter.items.key" },
  });
  expect((map.ItemProcessor as any).ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
  expect(map.ResultPath).toBeNull();
});

test("each branch starts with a fresh job object: its index as a string, the item, the scatter repository, the run's execution name", () => {
  expect(state(compiled, "PerSample.map").ItemSelector).toEqual({
    "index.$": "States.Format('{}', $$.Map.Item.Index)",
    "job_file.$": "$.job_file",
    prev_outputs: {},
    "scatter.$": "$$.Map.Item.Value",
    "repo.$": "$.scatter.repo",
    "share_id.$": "$.share_id",
    "run_execution.$": "$$.Execution.Name",
  });
});

test("the Lambdas of a branch log the run's execution name; those outside a scatter their own", () => {
  expect((state(compiled, "PerSample.initialize").Parameters as any).logging["sfn_execution_id.$"]).toBe("$.run_execution");
  expect((state(compiled, "PerSample.gather").Parameters as any).logging["sfn_execution_id.$"]).toBe("$$.Execution.Name");
});

test("branches begin at scatter-init, which moves the job object to the branch repository", () => {
  const processor = state(compiled, "PerSample.map").ItemProcessor as any;
  expect(processor.StartAt).toBe("PerSample.initialize");
  const init = state(compiled, "PerSample.initialize");
  expect(init.Resource).toBe("${ScatterInitLambdaArn}");
  expect(init.Parameters).toMatchObject({ "index.$": "$.index", "repo.$": "$.repo", "scatter.$": "$.scatter" });
  expect(init.ResultPath).toBe("$.repo");
  expect(init.Next).toBe("Count");
  expect((init.Retry as any[])[0].MaxAttempts).toBe(10);
});

test("the child block is compiled inside the map, nested blocks and job definitions included", () => {
  const processor = state(compiled, "PerSample.map").ItemProcessor as any;
  expect(Object.keys(processor.States)).toEqual(["PerSample.initialize", "Count", "Fork"]);
  expect(state(compiled, "Count").Next).toBe("Fork");
  expect(state(compiled, "Fork").End).toBe(true);
  expect((state(compiled, "Left").Parameters as any)["JobName.$"]).toContain("$.index");
  expect(state(compiled, "Nested.subpipe").Type).toBe("Task");
  expect(jobDefinitionOf(compiled, "Count").ContainerProperties).toBeDefined();
  expect(jobDefinitionOf(compiled, "Left").ContainerProperties).toBeDefined();
});

test("max concurrency is set when limited and left out when unlimited", () => {
  expect(state(compiled, "PerSample.map").MaxConcurrency).toBe(50);
  expect(state(compiled, `${LONG_LABEL_NAME}.map`)).not.toHaveProperty("MaxConcurrency");
});

test("error tolerance is a percentage or a count", () => {
  const percent = state(compiled, "PerSample.map");
  expect(percent.ToleratedFailurePercentage).toBe(10);
  expect(percent).not.toHaveProperty("ToleratedFailureCount");
  const count = state(compiled, `${LONG_LABEL_NAME}.map`);
  expect(count.ToleratedFailureCount).toBe(3);
  expect(count).not.toHaveProperty("ToleratedFailurePercentage");
});

test("the map run label is the step name, cut to Step Functions' 40 characters", () => {
  expect(state(compiled, "PerSample.map").Label).toBe("PerSample");
  const long = state(compiled, `${LONG_LABEL_NAME}.map`).Label as string;
  expect(long.length).toBeLessThanOrEqual(40);
  expect(long).toMatch(/^PerSample_with_a_rather_long_an-[0-9a-f]{8}$/);
});

test("gather writes the manifest into prev_outputs for the next step", () => {
  const gather = state(compiled, "PerSample.gather");
  expect(gather.Resource).toBe("${GatherLambdaArn}");
  expect(gather.Parameters).toMatchObject({ "repo.$": "$.repo.uri", outputs: JSON.stringify({ counts: "counts.txt" }), step_name: "PerSample" });
  expect(gather.ResultPath).toBe("$.prev_outputs");
});
