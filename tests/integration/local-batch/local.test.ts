import { readdir, readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StatesError } from "../../../local/asl/errors";
import { localJobDefinitions, type JobEvent, type LocalJobDefinition } from "../../../local/batch";
import { compile, failureOf, fileContains, localBatch, markerOf, newRun, readObject, sandbox, submission, type Sandbox } from "./support";

// One workflow with a step per behaviour; each test submits the steps it is about, as the
// compiled Task states would, and runs them through the real runner with the local executor.
const compiled = compile(`
Repository: s3://local-batch/runs/\${job.id}
Steps:
  - Write:
      image: stepbatch/busybox:local
      inputs: {}
      commands:
        - echo "\${job.word} attempt=$AWS_BATCH_JOB_ATTEMPT queue=$AWS_BATCH_JQ_NAME ce=$AWS_BATCH_CE_NAME executor=$BC_EXECUTOR" > \${out}
        - echo wrote it
      outputs:
        out: out.txt
  - Fail:
      image: stepbatch/busybox:local
      inputs: {}
      commands:
        - echo about to fail
        - exit 3
  - Flaky:
      image: stepbatch/busybox:local
      inputs: {}
      commands:
        - test "$AWS_BATCH_JOB_ATTEMPT" -ge 2 || exit 5
        - echo "passed on attempt $AWS_BATCH_JOB_ATTEMPT" > \${out}
      outputs:
        out: flaky.txt
  - Sleep:
      image: stepbatch/busybox:local
      inputs: {}
      commands:
        - echo sleeping
        - sleep 30
        - echo woke > \${out}
      outputs:
        out: woke.txt
  - Nap:
      image: stepbatch/busybox:local
      inputs: {}
      commands:
        - sleep 0.5
`);
const { jobDefinitions, substitutions } = localJobDefinitions(compiled.template);
const definitionOf = (step: string): LocalJobDefinition => jobDefinitions[substitutions[`${step}JobDef`]];
/** The compiled definitions with one step's changed, as a test needs it. */
const withDefinition = (step: string, change: Partial<LocalJobDefinition>) => ({ ...jobDefinitions, [definitionOf(step).arn]: { ...definitionOf(step), ...change } });
const kinds = (events: JobEvent[], jobName?: string) => events.filter((e) => jobName === undefined || e.jobName === jobName).map((e) => e.kind);

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(() => box.remove());

describe("LocalBatch with the local executor", () => {
  it("runs a step through the runner: outputs in the store, marker written, the job described as the .sync integration does", async () => {
    const { batch, events } = localBatch(box, jobDefinitions);
    const run = await newRun(box, { word: "hello" });

    const result = (await batch.submitJob(submission(compiled, "Write", run))) as Record<string, any>;

    expect(await readObject(box, run.repo, "out.txt")).toBe("hello attempt=1 queue=stepbatch-spot ce=stepbatch-local executor=local\n");
    expect((await markerOf(box, run.repo, "Write"))?.metadata).toMatchObject({ execution_id: run.execution });
    expect(result).toMatchObject({
      JobName: `${run.execution}__Write`,
      JobDefinition: definitionOf("Write").arn,
      JobQueue: "arn:aws:batch:local:000000000000:job-queue/stepbatch-spot",
      JobArn: `arn:aws:batch:local:000000000000:job/${result.JobId}`,
      Status: "SUCCEEDED",
      StatusReason: "Essential container in task exited",
      ShareIdentifier: "localbatch",
      Container: { ExitCode: 0, Command: expect.arrayContaining(["stepbatch-runner", "--repo", run.repo.uri]) },
      Parameters: { repo: run.repo.uri, skip: "none", shell: "sh" },
      Tags: { "stepbatch:execution": run.execution },
      Attempts: [{ Container: { ExitCode: 0 }, StatusReason: "Essential container in task exited" }],
    });
    expect(result.StoppedAt).toBeGreaterThanOrEqual(result.StartedAt);
    expect(result.StartedAt).toBeGreaterThanOrEqual(result.CreatedAt);

    expect(kinds(events)).toEqual(["queued", "started", "succeeded"]);
    const started = events[1];
    expect(started).toMatchObject({ step: "Write", branch: "main", attempt: 1, executor: { kind: "local", reason: "the run asks for the local executor" } });
    const records = (await readFile(started.logFile!, "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    expect(records).toContainEqual(expect.objectContaining({ level: "user_cmd", message: "wrote it", step_name: "Write", sfn_execution_id: run.execution }));
    expect(result.Attempts[0].Container.LogStreamName).toBe(started.logFile!.slice(box.logs.length + 1, -".log".length));
    expect((await readdir(box.scratch)).filter((name) => name.startsWith("workspace-"))).toEqual([]);
  });

  it("fails a command's failure as States.TaskFailed with the exit code, once: the compiled strategy retries only a lost host", async () => {
    const { batch, events } = localBatch(box, jobDefinitions);
    const run = await newRun(box);

    const job = await failureOf(batch.submitJob(submission(compiled, "Fail", run)));

    expect(job).toMatchObject({ Status: "FAILED", StatusReason: "Essential container in task exited", Container: { ExitCode: 3 } });
    expect(job.Attempts).toHaveLength(1);
    expect(kinds(events)).toEqual(["queued", "started", "failed"]);
    expect(events[2]).toMatchObject({ exitCode: 3, statusReason: "Essential container in task exited" });
    expect(events[2].lastLines).toContain("about to fail");
    expect(await markerOf(box, run.repo, "Fail")).toBeNull();
  });

  it("retries a failed attempt while the job definition's strategy says so, with the attempt's number in the environment", async () => {
    const { batch, events } = localBatch(box, withDefinition("Flaky", { retryStrategy: { attempts: 2, evaluateOnExit: [] } }));
    const run = await newRun(box);

    const result = (await batch.submitJob(submission(compiled, "Flaky", run))) as Record<string, any>;

    expect(result.Status).toBe("SUCCEEDED");
    expect(result.Attempts.map((attempt: any) => attempt.Container.ExitCode)).toEqual([5, 0]);
    expect(await readObject(box, run.repo, "flaky.txt")).toBe("passed on attempt 2\n");
    expect(kinds(events)).toEqual(["queued", "started", "retrying", "started", "succeeded"]);
    expect(events[2]).toMatchObject({ attempt: 1, exitCode: 5 });
    expect(new Set(events.map((e) => e.logFile).filter(Boolean)).size).toBe(2);
  });

  it("stops an attempt at its timeout with SIGTERM and does not retry it", async () => {
    const { batch } = localBatch(box, withDefinition("Sleep", { timeoutSeconds: 1 }));
    const run = await newRun(box);
    const started = Date.now();

    const job = await failureOf(batch.submitJob(submission(compiled, "Sleep", run)));

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(job).toMatchObject({ Status: "FAILED", StatusReason: "Job attempt duration exceeded timeout", Timeout: { AttemptDurationSeconds: 1 } });
    expect(job.Attempts).toEqual([expect.objectContaining({ StatusReason: "Job attempt duration exceeded timeout", Container: expect.objectContaining({ ExitCode: 143 }) })]);
    expect(await markerOf(box, run.repo, "Sleep")).toBeNull();
  });

  it("terminates a running job mid-command and never starts a queued one", async () => {
    let sleeping: Promise<void> | undefined;
    const { batch, events } = localBatch(box, jobDefinitions, {
      capacity: { vcpus: 1, memoryMiB: 64 * 1024 },
      onJob: (event) => {
        if (event.kind === "started") sleeping ??= fileContains(event.logFile!, "sleeping");
      },
    });
    const first = await newRun(box);
    const second = await newRun(box);
    const running = failureOf(batch.submitJob(submission(compiled, "Sleep", first)));
    const queued = failureOf(batch.submitJob(submission(compiled, "Sleep", second)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sleeping;

    const started = Date.now();
    await batch.terminateAll("Interrupted by the user");

    expect(Date.now() - started).toBeLessThan(15_000);
    const [stopped, neverRan] = await Promise.all([running, queued]);
    expect(stopped).toMatchObject({ Status: "FAILED", StatusReason: "Interrupted by the user", Container: { ExitCode: 143 } });
    expect(neverRan).toMatchObject({ Status: "FAILED", StatusReason: "Interrupted by the user", Attempts: [] });
    expect(kinds(events, `${second.execution}__Sleep`)).toEqual(["queued", "failed"]);
    expect(await markerOf(box, first.repo, "Sleep")).toBeNull();
    await expect(readObject(box, first.repo, "woke.txt")).rejects.toThrow();
    // Once terminated, the local Batch takes no more jobs.
    expect(await failureOf(batch.submitJob(submission(compiled, "Write", await newRun(box))))).toMatchObject({ StatusReason: "Interrupted by the user" });
  });

  it("terminates the jobs of an execution whose signal is aborted, and only those", async () => {
    let sleeping: Promise<void> | undefined;
    const { batch } = localBatch(box, jobDefinitions, {
      onJob: (event) => {
        if (event.kind === "started") sleeping ??= fileContains(event.logFile!, "sleeping");
      },
    });
    const execution = new AbortController();
    const job = failureOf(batch.submitJob(submission(compiled, "Sleep", await newRun(box)), execution.signal));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sleeping;

    execution.abort();

    expect(await job).toMatchObject({ Status: "FAILED", StatusReason: "The execution was stopped", Container: { ExitCode: 143 } });
    const other = (await batch.submitJob(submission(compiled, "Write", await newRun(box, { word: "on" })))) as Record<string, unknown>;
    expect(other.Status).toBe("SUCCEEDED");
  });

  it("runs no more jobs at once than fit in the capacity", async () => {
    let running = 0;
    let most = 0;
    const { batch } = localBatch(box, jobDefinitions, {
      capacity: { vcpus: 2, memoryMiB: 64 * 1024 },
      onJob: (event) => {
        if (event.kind === "started") most = Math.max(most, ++running);
        if (event.kind === "succeeded" || event.kind === "failed") running--;
      },
    });
    const runs = await Promise.all([1, 2, 3, 4, 5].map(() => newRun(box)));

    const results = await Promise.all(runs.map((run) => batch.submitJob(submission(compiled, "Nap", run))));

    expect(results.map((result) => (result as any).Status)).toEqual(Array(5).fill("SUCCEEDED"));
    expect(most).toBe(2);
  });

  it("runs a job larger than the machine alone, and says so", async () => {
    const { batch, events } = localBatch(box, jobDefinitions, { capacity: { vcpus: 0.5, memoryMiB: 512 } });
    const result = (await batch.submitJob(submission(compiled, "Nap", await newRun(box)))) as any;
    expect(result.Status).toBe("SUCCEEDED");
    expect(events[0].runsAlone).toBe("it needs 1 vCPUs and 1024 MiB, more than this machine's 0.5 vCPUs and 512 MiB, so it runs alone");
  });

  it("refuses an unknown job definition as Batch.ClientException, starting nothing", async () => {
    const { batch, events } = localBatch(box, jobDefinitions);
    const request = { ...(submission(compiled, "Write", await newRun(box)) as Record<string, any>), JobDefinition: "nope" };
    const error = await batch.submitJob(request).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StatesError);
    expect(error).toMatchObject({ name: "Batch.ClientException", message: expect.stringContaining("JobDefinition nope is not one of this workflow's job definitions") });
    expect(events).toEqual([]);
  });
});
