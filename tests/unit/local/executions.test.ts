import { describe, expect, it } from "vitest";
import { runExecution } from "../../../local/asl/run";
import type { Definition, Json } from "../../../local/asl/types";
import { localStateMachineArn, prepareDefinition } from "../../../local/definition";
import { ExecutionNotFound, executionArn, LocalExecutions, type ExecutionStarter } from "../../../local/executions";
import { readRunnerEnvironment } from "../../../runner-image/src/env";
import { qcStopRequest } from "../../../runner-image/src/qc";
import { compile } from "./support/workflows";

/** Every execution waits an hour unless stopped, and ends with its input when its input says `quick`. */
const HOLD = {
  StartAt: "Branch",
  States: {
    Branch: { Type: "Choice", Choices: [{ Variable: "$.quick", IsPresent: true, Next: "Done" }], Default: "Hold" },
    Hold: { Type: "Wait", Seconds: 3600, Next: "Done" },
    Done: { Type: "Pass", End: true },
  },
} as unknown as Definition;

/** LocalExecutions over the real interpreter, recording what each start asked for. */
function executions() {
  const started: Parameters<ExecutionStarter>[0][] = [];
  const local = new LocalExecutions((request) => {
    started.push(request);
    return runExecution(HOLD, request.input as Json, {
      handlers: {},
      context: { Execution: { Id: request.arn, Name: request.name }, StateMachine: { Id: localStateMachineArn(request.workflow), Name: request.workflow } },
    });
  });
  return { local, started };
}

const start = (local: LocalExecutions, workflow: string, name: string, input: object = {}, qualifier = ":current") =>
  local.start({ stateMachineArn: `${localStateMachineArn(workflow)}${qualifier}`, name, input: JSON.stringify(input) });

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("LocalExecutions.start", () => {
  it("starts the workflow its state machine ARN names, with the parsed input, under the execution's ARN", async () => {
    const { local, started } = executions();
    const result = await start(local, "rnaseq", "job-1", { quick: true, n: 1 });

    const arn = "arn:aws:states:local:000000000000:execution:rnaseq:job-1";
    expect(result).toEqual({ started: true, executionArn: arn });
    expect(started).toEqual([{ workflow: "rnaseq", arn, name: "job-1", input: { quick: true, n: 1 } }]);
    const execution = local.get(arn)!;
    expect(execution).toMatchObject({ arn, name: "job-1", workflow: "rnaseq" });
    expect(await execution.outcome).toEqual({ status: "SUCCEEDED", output: { quick: true, n: 1 } });
    expect(execution.stoppedAt!.getTime()).toBeGreaterThanOrEqual(execution.startedAt.getTime());
  });

  it("answers duplicate for a name already used by that state machine, whatever the qualifier, and starts nothing", async () => {
    const { local, started } = executions();
    await start(local, "rnaseq", "job-1", { quick: true });

    expect(await start(local, "rnaseq", "job-1", { quick: true })).toEqual({ started: false, reason: "duplicate" });
    expect(await start(local, "rnaseq", "job-1", { quick: true }, "")).toEqual({ started: false, reason: "duplicate" });
    expect(await start(local, "rnaseq", "job-1", { quick: true }, ":7")).toEqual({ started: false, reason: "duplicate" });
    expect(started).toHaveLength(1);
    // The same name for another state machine is another execution.
    expect(await start(local, "other", "job-1", { quick: true })).toEqual({ started: true, executionArn: executionArn("other", "job-1") });
  });

  it("refuses a state machine ARN that is not one", async () => {
    const { local } = executions();
    const error = await rejection(local.start({ stateMachineArn: "rnaseq", name: "job-1", input: "{}" }));

    expect(error).toBeInstanceOf(ExecutionNotFound);
    expect(error.code).toBe("ExecutionDoesNotExist");
  });
});

describe("LocalExecutions.stop", () => {
  it("aborts the execution and records the error and cause it was stopped with", async () => {
    const { local } = executions();
    const { executionArn: arn } = (await start(local, "rnaseq", "job-1")) as { executionArn: string };
    await local.stop({ executionArn: arn, error: "Job job-1 failed QC check at step Count", cause: "failed QC conditions: qc.json: reads < 10" });

    const execution = local.get(arn)!;
    expect(await execution.outcome).toEqual({ status: "ABORTED" });
    expect(execution.stopped).toEqual({ error: "Job job-1 failed QC check at step Count", cause: "failed QC conditions: qc.json: reads < 10" });
    expect(execution.stoppedAt).toBeInstanceOf(Date);
  });

  it("keeps the first stop's reason when stopped again", async () => {
    const { local } = executions();
    const { executionArn: arn } = (await start(local, "rnaseq", "job-1")) as { executionArn: string };
    await local.stop({ executionArn: arn, error: "First", cause: "first cause" });
    await local.stop({ executionArn: arn, error: "Second", cause: "second cause" });

    expect(local.get(arn)!.stopped).toEqual({ error: "First", cause: "first cause" });
  });

  it("answers ExecutionDoesNotExist for an execution that never ran", async () => {
    const { local } = executions();
    await start(local, "rnaseq", "job-1");
    const unknown = executionArn("rnaseq", "job-2");
    const error = await rejection(local.stop({ executionArn: unknown, error: "E", cause: "C" }));

    expect(error).toBeInstanceOf(ExecutionNotFound);
    expect(error.code).toBe("ExecutionDoesNotExist");
    expect(error.message).toContain(unknown);
    local.stopAll("Interrupted", "test over");
  });

  it("stops the execution a runner's QC abort names, from the environment its job definition gives it", async () => {
    const compiled = compile(
      `
Repository: s3://bucket/runs/\${job.id}
Steps:
  - Count:
      image: stepbatch/busybox:local
      commands: [echo 5 > qc.json]
      qc_check:
        qc_result_file: qc.json
        stop_early_if: reads < 10
`,
      "qcflow",
    );
    const [jobDefinition] = Object.values(prepareDefinition(compiled, "stepbatch").jobDefinitions.jobDefinitions);
    const { local } = executions();
    const { executionArn: arn } = (await start(local, "qcflow", "job-7")) as { executionArn: string };
    // What Batch adds for the job: the execution's name, as the compiled Task passes $$.Execution.Name.
    const runner = readRunnerEnvironment({ ...jobDefinition.environment, BC_EXECUTION_ID: "job-7" });
    const request = qcStopRequest(runner, ["qc.json: reads < 10"]);

    expect(request.executionArn).toBe(arn);
    await local.stop(request);
    expect(await local.get(arn)!.outcome).toEqual({ status: "ABORTED" });
    expect(local.get(arn)!.stopped).toEqual({ error: "Job job-7 failed QC check at step Count", cause: "failed QC conditions: qc.json: reads < 10" });
  });
});

describe("LocalExecutions.stopAll", () => {
  it("aborts every execution still running with the reason given, and leaves ended ones as they ended", async () => {
    const { local } = executions();
    const ended = executionArn("rnaseq", "quick");
    await start(local, "rnaseq", "quick", { quick: true });
    await local.get(ended)!.outcome;
    await start(local, "rnaseq", "slow-1");
    await start(local, "other", "slow-2");

    local.stopAll("Interrupted", "Ctrl-C");

    for (const arn of [executionArn("rnaseq", "slow-1"), executionArn("other", "slow-2")]) {
      expect(await local.get(arn)!.outcome).toEqual({ status: "ABORTED" });
      expect(local.get(arn)!.stopped).toEqual({ error: "Interrupted", cause: "Ctrl-C" });
    }
    expect(await local.get(ended)!.outcome).toMatchObject({ status: "SUCCEEDED" });
    expect(local.get(ended)!.stopped).toBeUndefined();
  });
});
