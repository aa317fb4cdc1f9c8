import { SFNClient, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { EventEmitter } from "node:events";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SfnExecutions } from "../../../shared/aws";
import { markerKey, writeMarker, type Repository } from "../../../shared/repository";
import type { ObjectStore } from "../../../shared/store";
import { parseCommandLine } from "../../../runner-image/src/args";
import { readRunnerEnvironment } from "../../../runner-image/src/env";
import { LocalExecutor } from "../../../runner-image/src/executors";
import { RUNNER_ERROR_EXIT, runJob } from "../../../runner-image/src/job";
import type { LogRecord } from "../../../runner-image/src/log";
import { CANCEL_GRACE_MS } from "../../../runner-image/src/signals";
import { scratchLayout } from "../../../runner-image/src/workspace";
import { BUCKET, OTHER_BUCKET, describeOnEachStore } from "../stepLambdas/stores";

const sfn = mockClient(SFNClient);
const EXECUTION = "sample1_3f9c2a1b";
/** The environment of a Batch job of step Align in workflow demo (what the job definition and the submit set). */
const BATCH_ENV = {
  BC_WORKFLOW_NAME: "demo",
  BC_STEP_NAME: "Align",
  BC_EXECUTION_ID: EXECUTION,
  BC_BRANCH_IDX: "main",
  AWS_DEFAULT_REGION: "eu-west-1",
  AWS_ACCOUNT_ID: "123456789012",
  AWS_BATCH_JOB_ID: "job-1",
  BC_EXECUTOR: "local",
};

let scratch: string;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "stepbatch-runner-scratch-"));
  sfn.reset();
  sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

interface StepRun {
  code: number;
  records: LogRecord[];
  errors: string[];
  userLines: string[];
  durationMs: number;
}

type Flags = Record<string, unknown>;

/** Runs one step as Batch would: the compiled command line's flags (JSON ones given as values), the Batch environment, the local executor. */
interface StepOptions {
  /** Sees every log record as it is written, with the signal source the runner listens to. */
  onRecord?: (record: LogRecord, signals: EventEmitter) => void;
  childWorkdir?: string;
}

async function runStepOn(store: ObjectStore, repo: Repository, flags: Flags, options: StepOptions = {}): Promise<StepRun> {
  const all: Flags = { image: { name: "busybox" }, repo: repo.uri, ...flags };
  const argv = Object.entries(all).flatMap(([flag, value]) => [`--${flag}`, typeof value === "string" ? value : JSON.stringify(value)]);
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== "run") throw new Error("expected a run");
  const env = readRunnerEnvironment({ ...BATCH_ENV, BC_SCRATCH_PATH: scratch });
  const records: LogRecord[] = [];
  const signals = new EventEmitter();
  const started = Date.now();
  const code = await runJob({
    args: parsed.args,
    env,
    store,
    executions: new SfnExecutions(new SFNClient({ region: "eu-west-1" })),
    executor: new LocalExecutor(),
    scratch: scratchLayout({ scratchPath: scratch }),
    ...(options.childWorkdir !== undefined && { childWorkdir: options.childWorkdir }),
    logSink: (record) => {
      records.push(record);
      options.onRecord?.(record, signals);
    },
    signals,
  });
  return {
    code,
    records,
    errors: records.filter((r) => r.level === "error").map((r) => r.message),
    userLines: records.filter((r) => r.level === "user_cmd").map((r) => r.message),
    durationMs: Date.now() - started,
  };
}

async function workspacesLeft(): Promise<string[]> {
  return (await readdir(scratch)).filter((name) => name.startsWith("workspace-"));
}

describeOnEachStore("runJob with the local executor", (context) => {
  const runStep = (repo: Repository, flags: Flags, options?: StepOptions) => runStepOn(context.store, repo, flags, options);
  const inRepo = (repo: Repository, name: string) => `${repo.uri}/${name}`;
  const markerOf = async (repo: Repository) => context.store.head(repo.bucket, markerKey(repo, "Align"));

  it("stages references and inputs, runs the commands in one session, uploads the outputs with tags and writes the marker", async () => {
    const repo = await context.repoWith({ job: { sample: "s1", greeting: "hello" } });
    await context.put(inRepo(repo, "s1.fq"), "reads\n");
    await context.put(`s3://${OTHER_BUCKET}/refs/genome.fa`, "ACGT\n");

    const run = await runStep(repo, {
      commands: [
        "cat ${reads} ${genome} > ${out}",
        'GREETING="${job.greeting} $BC_STEP_NAME $BC_BRANCH_IDX $BC_WORKFLOW_NAME"',
        'echo "$GREETING" > greeting.txt',
        'cp "$BC_JOB_DATA_FILE" job.json',
        'test "$BC_WORKSPACE" = "$(pwd)"',
        "echo to-stdout",
        "echo to-stderr >&2",
      ],
      inputs: { reads: "${job.sample}.fq" },
      references: { genome: `s3://${OTHER_BUCKET}/refs/genome.fa` },
      outputs: {
        out: { path: "${job.sample}.out", s3Tags: { kind: "result" } },
        greeting: { path: "greeting.txt", dest: `s3://${OTHER_BUCKET}/greetings/`, s3Tags: {} },
        job: { path: "job.json", s3Tags: {} },
      },
      tags: { project: "p1", kind: "step" },
      skip: "rerun",
    });

    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(await context.read(inRepo(repo, "s1.out"))).toBe("reads\nACGT\n");
    expect(await context.store.getTags(BUCKET, `${repo.prefix}/s1.out`)).toEqual({ project: "p1", kind: "result" });
    expect(await context.read(`s3://${OTHER_BUCKET}/greetings/greeting.txt`)).toBe("hello Align main demo\n");
    expect(JSON.parse(await context.read(inRepo(repo, "job.json")))).toEqual({ job: { sample: "s1", greeting: "hello" }, scatter: {}, parent: {} });
    expect((await context.store.head(BUCKET, `${repo.prefix}/s1.out`))?.metadata).toMatchObject({ execution_id: EXECUTION });
    expect((await markerOf(repo))?.metadata).toMatchObject({ execution_id: EXECUTION });
    expect(run.userLines).toContain("to-stdout");
    expect(run.records).toContainEqual(expect.objectContaining({ level: "user_cmd", message: "to-stderr", stream: "stderr" }));
    // -v echoes each command into the log before it runs.
    expect(run.userLines).toContain("echo to-stdout");
    expect(run.records.at(-1)).toMatchObject({ level: "info", message: "runner finished", workflow_name: "demo", step_name: "Align", sfn_execution_id: EXECUTION, branch: "main", batch_job_id: "job-1" });
    expect(await workspacesLeft()).toEqual([]);
  });

  it("skips a step whose marker exists when skipping on rerun, running nothing", async () => {
    const repo = await context.repoWith({});
    await writeMarker(context.store, repo, "Align", "an-earlier-execution");

    const run = await runStep(repo, { commands: ["touch ran.txt"], outputs: { ran: { path: "ran.txt", s3Tags: {} } }, skip: "rerun" });

    expect(run.code).toBe(0);
    expect(run.records).toContainEqual(expect.objectContaining({ level: "info", message: expect.stringContaining("skipped") }));
    expect(run.userLines).toEqual([]);
    expect(await context.exists(inRepo(repo, "ran.txt"))).toBe(false);
    expect((await markerOf(repo))?.metadata).toMatchObject({ execution_id: "an-earlier-execution" });
  });

  it("skips a step whose outputs all exist when skipping on output, with job data in their names", async () => {
    const repo = await context.repoWith({ job: { sample: "s1" } });
    await context.put(inRepo(repo, "s1.txt"), "from before");

    const run = await runStep(repo, { commands: ["echo new > s1.txt"], outputs: { out: { path: "${job.sample}.txt", s3Tags: {} } }, skip: "output" });

    expect(run.code).toBe(0);
    expect(run.userLines).toEqual([]);
    expect(await context.read(inRepo(repo, "s1.txt"))).toBe("from before");
  });

  it("passes the commands' exit code through, still uploads the outputs, and leaves no marker", async () => {
    const repo = await context.repoWith({});
    await writeMarker(context.store, repo, "Align", "an-earlier-execution");

    const run = await runStep(repo, {
      commands: ["echo partial > partial.txt", "exit 3", "echo never > never.txt"],
      outputs: { partial: { path: "partial.txt", s3Tags: {} }, never: { path: "never.txt", s3Tags: {} } },
      skip: "none",
    });

    expect(run.code).toBe(3);
    expect(run.errors).toEqual(["the step's commands failed: exit code 3"]);
    expect(await context.read(inRepo(repo, "partial.txt"))).toBe("partial\n");
    expect(await context.exists(inRepo(repo, "never.txt"))).toBe(false);
    expect(run.records).toContainEqual(expect.objectContaining({ level: "warning", message: "no file matching 'never.txt' found in workspace" }));
    expect(await markerOf(repo)).toBeNull();
    expect(await workspacesLeft()).toEqual([]);
  });

  it("fails with 199 and one line naming a required input that is missing, before running anything", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(repo, { commands: ["echo ran > ran.txt"], inputs: { reads: "absent.fq" }, outputs: { ran: { path: "ran.txt", s3Tags: {} } } });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^staging inputs: .*reads.*absent\.fq/);
    expect(run.userLines).toEqual([]);
    expect(await context.exists(inRepo(repo, "ran.txt"))).toBe(false);
    expect(await markerOf(repo)).toBeNull();
    expect(await workspacesLeft()).toEqual([]);
  });

  it("runs without an optional input that is missing, with a warning", async () => {
    const repo = await context.repoWith({});
    await context.put(inRepo(repo, "s1.fq"), "reads\n");

    const run = await runStep(repo, {
      commands: ["test ! -e absent.txt", "cat ${reads} > out.txt"],
      inputs: { reads: "s1.fq", "extra?": "absent.txt" },
      outputs: { out: { path: "out.txt", s3Tags: {} } },
    });

    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.records).toContainEqual(expect.objectContaining({ level: "warning", message: expect.stringContaining("optional file not found") }));
    expect(await context.read(inRepo(repo, "out.txt"))).toBe("reads\n");
    expect(await markerOf(repo)).not.toBeNull();
  });

  it("stops the execution when a QC condition hits, after uploading the outputs, and writes no marker", async () => {
    const repo = await context.repoWith({});
    let uploadedBeforeStop: boolean | undefined;
    sfn.on(StopExecutionCommand).callsFake(async () => {
      uploadedBeforeStop = await context.exists(inRepo(repo, "qc.json"));
      return { stopDate: new Date() };
    });

    const run = await runStep(repo, {
      commands: [`echo '{"reads": 5, "rate": 0.5}' > qc.json`],
      qc: [{ qcResultFile: "qc.json", stopEarlyIf: ["reads < 10", "reads > 100", "rate >= 0.5"] }],
      outputs: { qc: { path: "qc.json", s3Tags: {} } },
    });

    expect(run.code).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        executionArn: `arn:aws:states:eu-west-1:123456789012:execution:demo:${EXECUTION}`,
        error: `Job ${EXECUTION} failed QC check at step Align`,
        cause: "failed QC conditions: qc.json: reads < 10; qc.json: rate >= 0.5",
      },
    ]);
    expect(uploadedBeforeStop).toBe(true);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("QC check failed: failed QC conditions: qc.json: reads < 10; qc.json: rate >= 0.5");
    expect(await markerOf(repo)).toBeNull();
  });

  it("writes the marker and stops nothing when no QC condition hits", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(repo, { commands: [`echo '{"reads": 50}' > qc.json`], qc: [{ qcResultFile: "qc.json", stopEarlyIf: ["reads < 10"] }] });

    expect(run.code).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand)).toEqual([]);
    expect(await markerOf(repo)).not.toBeNull();
  });

  it("fails with 199 and one line when job data substitutes into a name that leaves the repository", async () => {
    const repo = await context.repoWith({ job: { sample: "../elsewhere" } });

    const run = await runStep(repo, { commands: ["echo ran"], inputs: { reads: "${job.sample}.fq" } });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^staging inputs: .*\.\.\/elsewhere\.fq/);
    expect(run.userLines).toEqual([]);
  });

  it("fails with 199 and one line when the repository has no job data", async () => {
    const repo = context.freshRepo();

    const run = await runStep(repo, { commands: ["echo ran"] });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toEqual([expect.stringMatching(/^reading the job data: job data s3:\/\/.*\/_JOB_DATA_ does not exist/)]);
  });

  it("cancels the commands on SIGINT, uploads the outputs, writes no marker and exits 130", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(
      repo,
      { commands: ["echo before > before.txt", "echo started", "sleep 30", "echo after > after.txt"], outputs: { files: { path: "*.txt", s3Tags: {} } } },
      { onRecord: (record, signals) => record.level === "user_cmd" && record.message === "started" && signals.emit("SIGINT") },
    );

    expect(run.code).toBe(130);
    expect(run.durationMs).toBeLessThan(CANCEL_GRACE_MS);
    expect(await context.read(inRepo(repo, "before.txt"))).toBe("before\n");
    expect(await context.exists(inRepo(repo, "after.txt"))).toBe(false);
    expect(await markerOf(repo)).toBeNull();
    expect(run.errors).toEqual([expect.stringContaining("received SIGINT")]);
    expect(await workspacesLeft()).toEqual([]);
  });

  it("fails with 199 and one line when a QC result file is missing, after uploading the outputs, stopping nothing", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(repo, {
      commands: ["echo log > run.log"],
      qc: [{ qcResultFile: "qc.json", stopEarlyIf: ["reads < 10"] }],
      outputs: { log: { path: "run.log", s3Tags: {} } },
    });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toEqual(["checking QC: QC result file qc.json was not written by the commands"]);
    expect(await context.read(inRepo(repo, "run.log"))).toBe("log\n");
    expect(sfn.commandCalls(StopExecutionCommand)).toEqual([]);
    expect(await markerOf(repo)).toBeNull();
  });

  it("fails with 199 and one line when the executor refuses the child", async () => {
    const repo = await context.repoWith({});

    // The local executor runs the commands in the workspace itself and refuses any other working directory.
    const run = await runStep(repo, { commands: ["echo ran"] }, { childWorkdir: "/_bclaw_scratch" });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toEqual([expect.stringMatching(/^running the commands: /)]);
    expect(run.userLines).toEqual([]);
    expect(await markerOf(repo)).toBeNull();
  });

  it("stops before the commands when SIGTERM arrives while the job is being prepared", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(
      repo,
      { commands: ["echo ran > ran.txt"], outputs: { ran: { path: "ran.txt", s3Tags: {} } } },
      { onRecord: (record, signals) => record.message === "runner started" && signals.emit("SIGTERM") },
    );

    expect(run.code).toBe(143);
    expect(run.errors).toEqual(["the step was stopped: received SIGTERM; no completion marker is written"]);
    expect(run.userLines).toEqual([]);
    expect(await context.exists(inRepo(repo, "ran.txt"))).toBe(false);
    expect(await markerOf(repo)).toBeNull();
  });

  it("fails with 199 and one line when an upload fails, and writes no marker", async () => {
    const repo = await context.repoWith({});

    const run = await runStep(repo, { commands: ["echo x > out.txt"], outputs: { out: { path: "out.txt", dest: "s3://no-such-bucket/results/", s3Tags: {} } } });

    expect(run.code).toBe(RUNNER_ERROR_EXIT);
    expect(run.errors).toEqual([expect.stringMatching(/^uploading outputs: .*no-such-bucket/)]);
    expect(await markerOf(repo)).toBeNull();
  });
});
