import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ExecutionOutcome } from "../../../local/asl/run";
import { executionArn } from "../../../local/executions";
import { readJobData, repositoryFromUri } from "../../../shared/repository";
import { readRunnerEnvironment } from "../../../runner-image/src/env";
import { qcStopRequest } from "../../../runner-image/src/qc";
import { EXAMPLES, engineFor, statesExited, untilAborted, type EngineSandbox, type FakeStep } from "./support";

// The branching example through the engine: the launcher, the initializer, the chooser and the
// subpipes Lambdas as deployed, the interpreter running both compiled workflows, the subpipe as a
// nested execution; only Batch is a stand-in.

const BRANCHING = { name: "branching", file: join(EXAMPLES, "branching/workflow.yaml") };
const STATS = { kind: "paired", depth: 42.5, flags: ["x", "y"] };
const REPO = repositoryFromUri("s3://stepbatch-demo/branching/B1");
const SUB_REPO = repositoryFromUri("s3://stepbatch-demo/branching/B1/FastPath");

const writesOutputs: Record<string, FakeStep> = {
  Inspect: { outputs: () => ({ stats: JSON.stringify(STATS) }) },
  Quick: {
    outputs: ({ job }) => {
      const { kind, depth } = job as typeof STATS;
      return { result: `fast path for ${kind} at depth ${depth}\n` };
    },
  },
};

let sandbox: EngineSandbox | undefined;
afterEach(async () => {
  await sandbox?.remove();
  sandbox = undefined;
});

const jobFile = () => readFile(join(EXAMPLES, "branching/job.json"));
const text = async (key: string) => (await sandbox!.store.getBytes(REPO.bucket, key)).toString();

/** Launches the example's job file; fails the test unless the launcher started a run. */
async function launched(box: EngineSandbox) {
  const launch = await box.engine.launch("branching", "job.json", await jobFile());
  if (!launch.started) throw new Error(`the run did not start: ${launch.outcome}: ${launch.message}`);
  return launch.execution;
}

describe("LocalEngine: the branching example's subpipe path", () => {
  it("launches the run, runs the subpipe as a nested execution on the stats as its job, and retrieves its result", async () => {
    sandbox = await engineFor(BRANCHING, writesOutputs);
    const execution = await launched(sandbox);
    const outcome = await execution.outcome;

    expect(outcome.status).toBe("SUCCEEDED");
    expect(execution).toMatchObject({ workflow: "branching", arn: executionArn("branching", execution.name) });
    expect(statesExited(sandbox.events, "branching")).toEqual(["Initialize", "Inspect", "Route", "Route.choose", "FastPath", "FastPath.subpipe", "FastPath.retrieve", "Finish"]);

    // The child ran in the parent's FastPath folder, with the stats file as its job data.
    expect(await readJobData(sandbox.store, SUB_REPO)).toEqual({ job: STATS, parent: {}, scatter: {} });
    expect(await text(`${SUB_REPO.prefix}/fast_result.txt`)).toBe("fast path for paired at depth 42.5\n");
    // retrieve: fast_result.txt -> fast_${job.id}.txt, with the parent's job.
    expect(await text(`${REPO.prefix}/fast_B1.txt`)).toBe("fast path for paired at depth 42.5\n");
    expect(JSON.parse(await text(`${REPO.prefix}/job.json`))).toEqual({ id: "B1", mode: "fast" });

    const [inspect, quick] = sandbox.batch.jobs;
    expect(sandbox.batch.jobs.map((job) => job.step)).toEqual(["Inspect", "Quick"]);
    expect(inspect).toMatchObject({ repo: REPO, jobDefinition: "arn:aws:batch:local:000000000000:job-definition/branching_Inspect:1" });
    expect(inspect.environment.BC_EXECUTION_ID).toBe(execution.name);
    expect(quick).toMatchObject({ repo: SUB_REPO, jobDefinition: "arn:aws:batch:local:000000000000:job-definition/fast-subworkflow_Quick:1" });

    // The nested execution: a run of the child's own state machine, named after the step.
    const childName = quick.environment.BC_EXECUTION_ID;
    expect(childName).toMatch(/^FastPath_[0-9a-f]{32}$/);
    const child = sandbox.engine.executions.get(executionArn("fast-subworkflow", childName))!;
    expect(child).toMatchObject({ workflow: "fast-subworkflow", name: childName });
    expect(await child.outcome).toMatchObject({ status: "SUCCEEDED", output: { repo: SUB_REPO } });
    expect(statesExited(sandbox.events, "fast-subworkflow")).toEqual(["Initialize", "Quick", "Done"]);
    expect(sandbox.events.filter((e) => e.workflow === "fast-subworkflow").every((e) => e.execution === child.arn)).toBe(true);

    // The Lambdas logged as they do in production, one JSON line each.
    const lambdas = sandbox.lambdaLines.map((line) => JSON.parse(line) as { lambda: string });
    expect(new Set(lambdas.map((line) => line.lambda))).toEqual(new Set(["launcher", "initializer", "chooser", "subpipes"]));
  });

  it("fails the parent when a QC check stops the child: the runner's StopExecution aborts the nested execution", async () => {
    sandbox = await engineFor(BRANCHING, {
      Inspect: writesOutputs.Inspect,
      Quick: {
        // What the runner does on a failed QC check: StopExecution of the execution that its
        // environment (the job definition's, then the submitted overrides) names.
        run: async (job, signal) => {
          const { environment } = sandbox!.workflows.get("fast-subworkflow")!.local.jobDefinitions.jobDefinitions[job.jobDefinition];
          await sandbox!.engine.executions.stop(qcStopRequest(readRunnerEnvironment({ ...environment, ...job.environment }), ["qc.json: depth > 40"]));
          return untilAborted(signal);
        },
      },
    });
    const execution = await launched(sandbox);
    const outcome = await execution.outcome;

    const childName = sandbox.batch.jobs.find((job) => job.step === "Quick")!.environment.BC_EXECUTION_ID;
    const child = sandbox.engine.executions.get(executionArn("fast-subworkflow", childName))!;
    expect(await child.outcome).toEqual({ status: "ABORTED" });
    expect(child.stopped).toEqual({ error: `Job ${childName} failed QC check at step Quick`, cause: "failed QC conditions: qc.json: depth > 40" });

    expect(outcome).toMatchObject({ status: "FAILED", error: "States.TaskFailed" });
    expect(statesExited(sandbox.events, "branching")).not.toContain("FastPath.subpipe");
    await expect(sandbox.store.head(REPO.bucket, `${REPO.prefix}/fast_B1.txt`)).resolves.toBeNull();
    const cause = JSON.parse((outcome as Extract<ExecutionOutcome, { status: "FAILED" }>).cause);
    // The description of the stopped child, with its stop's reason as DescribeExecution gives it (Error, Cause).
    expect(cause).toMatchObject({
      ExecutionArn: child.arn,
      Status: "ABORTED",
      Error: `Job ${childName} failed QC check at step Quick`,
      Cause: "failed QC conditions: qc.json: depth > 40",
    });
  });

  it("stops every execution and terminates the jobs on stopAll", async () => {
    let jobStarted!: () => void;
    const started = new Promise<void>((resolve) => (jobStarted = resolve));
    sandbox = await engineFor(BRANCHING, {
      Inspect: {
        run: (_job, signal) => {
          jobStarted();
          return untilAborted(signal);
        },
      },
    });
    const execution = await launched(sandbox);
    await started;
    await sandbox.engine.stopAll("Ctrl-C");

    expect(await execution.outcome).toEqual({ status: "ABORTED" });
    expect(execution.stopped).toEqual({ error: "Interrupted", cause: "Ctrl-C" });
    expect(sandbox.batch.terminations).toEqual(["Ctrl-C"]);
  });
});

describe("LocalEngine.launch: job files that start nothing", () => {
  it("refuses a job file that is not JSON, as the launcher does, and starts no run", async () => {
    sandbox = await engineFor(BRANCHING, writesOutputs);
    const launch = await sandbox.engine.launch("branching", "broken.json", Buffer.from("{id: B1"));

    expect(launch).toMatchObject({ started: false, outcome: "refused" });
    expect(launch.started || launch.message).toMatch(/^job file s3:\/\/stepbatch-launcher\/branching\/broken\.json.* is not valid JSON/);
    expect(sandbox.batch.jobs).toEqual([]);
    expect(sandbox.events).toEqual([]);
  });

  it("fails a run of a workflow that is not loaded, naming the ones that are", async () => {
    sandbox = await engineFor(BRANCHING, writesOutputs);
    const launch = await sandbox.engine.launch("elsewhere", "job.json", await jobFile());

    if (!launch.started) throw new Error(`expected the launcher to start the run: ${launch.message}`);
    const outcome = await launch.execution.outcome;
    expect(outcome).toMatchObject({ status: "FAILED", error: "StateMachineDoesNotExist" });
    expect((outcome as { cause: string }).cause).toContain("'elsewhere'");
    expect((outcome as { cause: string }).cause).toContain("branching, fast-subworkflow");
  });
});
