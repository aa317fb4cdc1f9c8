import { beforeAll, expect, test } from "vitest";
import { stateName, type CompiledWorkflow } from "../../../shared/compiler";
import { subpipeStep, workflow } from "../../support/model";
import { compileValid, state } from "./helpers";

const LONG_NAME = "x".repeat(80);
const MOCK_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:mock-child";

let compiled: CompiledWorkflow;
beforeAll(() => {
  compiled = compileValid(
    workflow([
      subpipeStep({
        name: "Fast",
        subpipe: "fast-subworkflow",
        jobData: "stats.json",
        submit: [{ from: "in.txt", to: "in.txt" }],
        retrieve: [{ from: "fast_result.txt", to: "fast_${job.id}.txt" }],
      }),
      subpipeStep({ name: "Mocked", subpipe: MOCK_ARN }),
      subpipeStep({ name: LONG_NAME, subpipe: "child" }),
    ]),
  );
});

test("submit prepares the child repository, then the child runs, then retrieve copies files back", () => {
  const submit = state(compiled, "Fast");
  expect(submit.Resource).toBe("${SubpipesLambdaArn}");
  expect(submit.Parameters).toMatchObject({
    mode: "submit",
    "repo.$": "$.repo.uri",
    job_data: "stats.json",
    submit: JSON.stringify([{ from: "in.txt", to: "in.txt" }]),
    step_name: "Fast",
  });
  expect(submit.ResultPath).toBe("$.subpipe");
  expect(submit.Next).toBe("Fast.subpipe");
  expect(state(compiled, "Fast.subpipe").Next).toBe("Fast.retrieve");
  expect(state(compiled, "Fast.retrieve").Next).toBe("Mocked");
});

test("without job_data the child reuses the parent's job data", () => {
  expect((state(compiled, "Mocked").Parameters as any).job_data).toBeNull();
});

test("a workflow name runs that workflow's deployed (current) version and waits for it", () => {
  const run = state(compiled, "Fast.subpipe");
  expect(run.Resource).toBe("arn:aws:states:::states:startExecution.sync:2");
  expect((run.Parameters as any).StateMachineArn).toBe("arn:aws:states:${AWSRegion}:${AWSAccountId}:stateMachine:fast-subworkflow:current");
  expect(run.ResultPath).toBeNull();
});

test("a state machine ARN is used as given", () => {
  expect((state(compiled, "Mocked.subpipe").Parameters as any).StateMachineArn).toBe(MOCK_ARN);
});

test("the child starts in the sub-repository with the parent's job file and share, linked to the parent run", () => {
  expect((state(compiled, "Fast.subpipe").Parameters as any).Input).toEqual({
    index: "main",
    "job_file.$": "$.job_file",
    prev_outputs: {},
    "repo.$": "$.subpipe.sub_repo",
    "share_id.$": "$.share_id",
    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
  });
});

test("the child's execution name is the step plus a hash of the parent run, at most 80 characters at any depth", () => {
  const name: string = (state(compiled, "Fast.subpipe").Parameters as any)["Name.$"];
  expect(name).toBe("States.Format('Fast_{}', States.Hash(States.Format('{}/{}', $$.Execution.Id, $$.State.EnteredTime), 'MD5'))");
  const long: string = (state(compiled, stateName(`${LONG_NAME}.subpipe`)).Parameters as any)["Name.$"];
  const stepPart = /^States\.Format\('([^']*)_\{\}'/.exec(long)?.[1] ?? "";
  expect(stepPart).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(stepPart.length + "_".length + 32).toBeLessThanOrEqual(80);
});

test("retrieve resets auto-inputs: the child's files are not the parent's outputs", () => {
  const retrieve = state(compiled, "Fast.retrieve");
  expect(retrieve.Parameters).toMatchObject({
    mode: "retrieve",
    "repo.$": "$.repo.uri",
    retrieve: JSON.stringify([{ from: "fast_result.txt", to: "fast_${job.id}.txt" }]),
    subpipe: { "sub_repo.$": "$.subpipe.sub_repo.uri" },
  });
  expect(retrieve.ResultSelector).toEqual({});
  expect(retrieve.ResultPath).toBe("$.prev_outputs");
});
