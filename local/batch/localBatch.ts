import Dockerode from "dockerode";
import { randomUUID } from "node:crypto";
import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { RUNNER_COMMAND, SCRATCH_PATH } from "../../shared/compiler/runner";
import { readJobData } from "../../shared/repository";
import type { Executions } from "../../shared/services/types";
import type { ObjectStore } from "../../shared/store";
import { parseCommandLine, type RunnerArgs } from "../../runner-image/src/args";
import { readRunnerEnvironment, type RunnerEnvironment } from "../../runner-image/src/env";
import { DockerExecutor, LocalExecutor, type ExecutorLog } from "../../runner-image/src/executors";
import { RUNNER_ERROR_EXIT, runJob, type RunJobOptions } from "../../runner-image/src/job";
import { errorMessage, RunnerLog } from "../../runner-image/src/log";
import { substituteStepFields } from "../../runner-image/src/substitution";
import { scratchLayout } from "../../runner-image/src/workspace";
import { StatesError } from "../asl/errors";
import type { Json } from "../asl/types";
import { LOCAL_PLACE } from "../place";
import { AttemptLog } from "./attemptLog";
import { ComputeCapacity, type Resources } from "./capacity";
import { expandCommand, jobParameters } from "./command";
import { ExecutorChooser, type ExecutorChoice, type ExecutorMode } from "./executorChoice";
import { localImageName } from "./images";
import type { Place } from "./intrinsics";
import { attemptEnvironment } from "./jobEnvironment";
import type { LocalJobDefinition } from "./jobDefinitions";
import { describeJob, type AttemptRecord, type JobRecord } from "./jobDescription";
import { JobSignals } from "./jobSignals";
import { retryAction } from "./retryStrategy";
import { readSubmission } from "./submission";

/** Batch's StatusReason for a job whose container ended by itself, whatever its exit code. */
export const CONTAINER_EXITED = "Essential container in task exited";
/** Batch's StatusReason for an attempt stopped at Timeout.AttemptDurationSeconds. */
export const TIMEOUT_REASON = "Job attempt duration exceeded timeout";
/** The error a failed `.sync` job gives its Task state; the Cause is the job description as JSON text. */
export const TASK_FAILED = "States.TaskFailed";
const MEBIBYTE = 1024 * 1024;
/**
 * vCPUs the local compute environment offers per CPU of this machine. A job's vCPUs are what Batch
 * places it by, not what it uses: most steps spend much of their time on I/O, and a docker child
 * is still held to its own vCPUs. Two per CPU keeps the machine busy; more only adds contention
 * (measured with bench/e2e-scatter).
 */
export const LOCAL_VCPUS_PER_CPU = 2;

export type JobEventKind = "queued" | "started" | "retrying" | "succeeded" | "failed";

/** What the user is told about a job as it goes. */
export interface JobEvent {
  kind: JobEventKind;
  jobId: string;
  jobName: string;
  step: string;
  /** `main`, or a scatter branch's index. */
  branch: string;
  /** The attempt this event is about (1 for the first). */
  attempt: number;
  /** queued: why the job will wait for the machine to itself. */
  runsAlone?: string;
  /** started and after: which executor runs the commands, and why. */
  executor?: ExecutorChoice;
  /** retrying, succeeded, failed: the runner's exit code; null when the attempt never ran. */
  exitCode?: number | null;
  statusReason?: string;
  /** The attempt's log file (JSON lines of the runner's records). */
  logFile?: string;
  /** retrying, failed: the attempt's last log lines. */
  lastLines?: string[];
}

export interface LocalBatchOptions {
  /** By ARN, from localJobDefinitions. */
  jobDefinitions: Readonly<Record<string, LocalJobDefinition>>;
  store: ObjectStore;
  /** Stops the execution when a QC check hits. */
  executions: Pick<Executions, "stop">;
  executor: ExecutorMode;
  /** Default: the engine at DOCKER_HOST, else the default socket. */
  docker?: Dockerode;
  /** Where workspaces and the reference cache go (BC_SCRATCH_PATH). */
  scratchRoot: string;
  /** One log file per job attempt: what CloudWatch's /aws/batch/job log group would hold. */
  logDir: string;
  /** Default: LOCAL_VCPUS_PER_CPU vCPUs per CPU of this machine, and its memory. */
  capacity?: Resources;
  /** Default: LOCAL_PLACE. */
  place?: Place;
  /** Called as each job is queued, starts, retries and ends. Must not throw. */
  onJob?(event: JobEvent): void;
}

/** The StatusReason of a job whose execution was stopped. */
export const EXECUTION_STOPPED = "The execution was stopped";

/** How a job is stopped: by terminateAll or by its execution's stop. */
interface JobControl {
  signal: AbortSignal;
  /** Why it was stopped; undefined while it is not. */
  reason(): string | undefined;
}

/** What names a job in its events. */
type JobEventBase = Pick<JobEvent, "jobId" | "jobName" | "step" | "branch">;

/** An attempt in progress, which its job's stop and its timeout can stop. */
class RunningAttempt {
  readonly signals = new JobSignals();
  /** Why it was stopped (timeout or termination); the first reason counts. */
  stoppedBy: string | undefined;
  readonly finished: Promise<void>;
  readonly finish: () => void;

  constructor() {
    let finish!: () => void;
    this.finished = new Promise((resolve) => (finish = resolve));
    this.finish = finish;
  }

  stop(reason: string): void {
    this.stoppedBy ??= reason;
    this.signals.send("SIGTERM");
  }
}

type AttemptOutcome = { started: false } | { started: true; record: AttemptRecord; stoppedBy?: string; logFile: string; lastLines: string[] };

/** What the runner needs, or the exit code of a runner that could not even start (its error is in the log). */
type Prepared = { args: RunnerArgs; env: RunnerEnvironment; choice: ExecutorChoice } | { exitCode: number; choice?: ExecutorChoice };

/**
 * AWS Batch's `submitJob.sync`, on this machine: each job runs the real runner (runJob) in this
 * process, with the job definition's command and environment as Batch would give them, waits for
 * room on the machine as in a compute environment, retries by the job definition's RetryStrategy,
 * is stopped at its Timeout, and ends as the `.sync` integration ends a Task: the job description
 * on success, States.TaskFailed with that description as the Cause on failure.
 */
export class LocalBatch {
  private readonly capacity: ComputeCapacity;
  private readonly chooser: ExecutorChooser;
  private readonly docker: Dockerode;
  private readonly place: Place;
  private readonly stopping = new AbortController();
  private readonly running = new Set<RunningAttempt>();
  private stopReason: string | undefined;

  constructor(private readonly options: LocalBatchOptions) {
    this.capacity = new ComputeCapacity(options.capacity ?? { vcpus: availableParallelism() * LOCAL_VCPUS_PER_CPU, memoryMiB: Math.floor(totalmem() / MEBIBYTE) });
    this.docker = options.docker ?? new Dockerode();
    this.chooser = new ExecutorChooser(options.executor, this.docker);
    this.place = options.place ?? LOCAL_PLACE;
  }

  /**
   * The Task handler of `arn:aws:states:::batch:submitJob.sync`: its effective input in, the job
   * description out. `signal` is the execution's: when it is stopped the job is terminated, as
   * Step Functions terminates the Batch jobs of an execution it stops.
   */
  readonly submitJob = async (input: Json, signal?: AbortSignal): Promise<Json> => {
    const submission = readSubmission(input, this.options.jobDefinitions);
    const { definition } = submission;
    const parameters = jobParameters(definition.parameters, submission.parameters);
    const jobId = randomUUID();
    const job: JobRecord = {
      jobId,
      jobArn: `arn:aws:batch:${this.place.region}:${this.place.accountId}:job/${jobId}`,
      jobName: submission.jobName,
      jobQueue: submission.jobQueue,
      definition,
      ...(submission.shareIdentifier !== undefined && { shareIdentifier: submission.shareIdentifier }),
      parameters,
      command: expandCommand(definition.command, parameters),
      environment: { ...definition.environment, ...submission.environment },
      tags: submission.tags,
      createdAt: Date.now(),
      attempts: [],
    };
    const base: JobEventBase = {
      jobId,
      jobName: job.jobName,
      step: job.environment.BC_STEP_NAME ?? definition.name,
      branch: job.environment.BC_BRANCH_IDX ?? "main",
    };
    const need = { vcpus: definition.resources.vcpus, memoryMiB: definition.resources.memoryMiB };
    const { total } = this.capacity;
    this.emit({
      kind: "queued",
      ...base,
      attempt: 1,
      ...(this.capacity.oversized(need) && {
        runsAlone: `it needs ${need.vcpus} vCPUs and ${need.memoryMiB} MiB, more than this machine's ${total.vcpus} vCPUs and ${total.memoryMiB} MiB, so it runs alone`,
      }),
    });
    const control: JobControl = {
      signal: signal === undefined ? this.stopping.signal : AbortSignal.any([this.stopping.signal, signal]),
      reason: () => this.stopReason ?? (signal?.aborted ? EXECUTION_STOPPED : undefined),
    };
    return this.runAttempts(job, base, need, control);
  };

  /**
   * Stops everything, as TerminateJob on every job: queued jobs never start, each running runner
   * gets SIGTERM (it cancels its commands, uploads outputs and writes no marker). Every job's
   * submitJob then fails with `reason` as its StatusReason. Settles when the running jobs have ended.
   */
  async terminateAll(reason: string): Promise<void> {
    this.stopReason ??= reason;
    // Every job's signal hears this: queued ones leave the queue, running ones stop.
    this.stopping.abort();
    await Promise.all([...this.running].map((attempt) => attempt.finished));
  }

  private async runAttempts(job: JobRecord, base: JobEventBase, need: Resources, control: JobControl): Promise<Json> {
    const { retryStrategy } = job.definition;
    for (let attempt = 1; ; attempt++) {
      const lease = await this.capacity.acquire(need, control.signal).catch(() => undefined);
      if (lease === undefined) return this.fail(job, base, attempt, control.reason()!, {});
      let outcome: AttemptOutcome;
      try {
        outcome = await this.runAttempt(job, base, attempt, control);
      } finally {
        lease.release();
      }
      if (!outcome.started) return this.fail(job, base, attempt, control.reason()!, {});
      job.attempts.push(outcome.record);
      const { record } = outcome;
      const report = { exitCode: record.exitCode, logFile: outcome.logFile };
      if (outcome.stoppedBy !== undefined) return this.fail(job, base, attempt, outcome.stoppedBy, { ...report, lastLines: outcome.lastLines });
      if (record.exitCode === 0) {
        this.emit({ kind: "succeeded", ...base, attempt, ...report, statusReason: CONTAINER_EXITED });
        return describeJob(job, "SUCCEEDED", CONTAINER_EXITED, record.stoppedAt);
      }
      // Timeouts and terminations (above) are never retried; a failure is, as the strategy says.
      const action = retryAction(retryStrategy, attempt, { statusReason: CONTAINER_EXITED, exitCode: record.exitCode });
      if (action === "EXIT" || control.signal.aborted) {
        return this.fail(job, base, attempt, CONTAINER_EXITED, { ...report, lastLines: outcome.lastLines });
      }
      this.emit({ kind: "retrying", ...base, attempt, ...report, statusReason: CONTAINER_EXITED, lastLines: outcome.lastLines });
    }
  }

  private fail(job: JobRecord, base: JobEventBase, attempt: number, statusReason: string, report: Partial<JobEvent>): never {
    const exitCode = report.exitCode ?? null;
    this.emit({ kind: "failed", ...base, attempt, ...report, exitCode, statusReason });
    throw new StatesError(TASK_FAILED, JSON.stringify(describeJob(job, "FAILED", statusReason, Date.now())));
  }

  private async runAttempt(job: JobRecord, base: JobEventBase, attempt: number, control: JobControl): Promise<AttemptOutcome> {
    const running = new RunningAttempt();
    this.running.add(running);
    const stop = () => running.stop(control.reason()!);
    if (control.signal.aborted) stop();
    else control.signal.addEventListener("abort", stop, { once: true });
    try {
      const logStreamName = `${job.jobName}.${job.jobId.slice(0, 8)}.attempt${attempt}`;
      const logFile = join(this.options.logDir, `${logStreamName}.log`);
      const log = await AttemptLog.open(logFile);
      let exitCode: number;
      let startedAt = Date.now();
      try {
        const prepared = await this.prepare(job, attempt, log);
        // A job stopped while it was being prepared never starts: the runner would clear the step's marker first.
        if (running.stoppedBy !== undefined) return { started: false };
        this.emit({ kind: "started", ...base, attempt, logFile, ...(prepared.choice !== undefined && { executor: prepared.choice }) });
        startedAt = Date.now();
        exitCode = "exitCode" in prepared ? prepared.exitCode : await this.runRunner(prepared, job, log, running);
      } finally {
        await log.close();
      }
      const stoppedAt = Date.now();
      const statusReason = running.stoppedBy ?? CONTAINER_EXITED;
      return {
        started: true,
        record: { exitCode, logStreamName, startedAt, stoppedAt, statusReason },
        ...(running.stoppedBy !== undefined && { stoppedBy: running.stoppedBy }),
        logFile,
        lastLines: log.lastLines(),
      };
    } finally {
      control.signal.removeEventListener("abort", stop);
      this.running.delete(running);
      running.finish();
    }
  }

  /** Reads the command line and environment as the runner's command would, and chooses the executor. */
  private async prepare(job: JobRecord, attempt: number, log: AttemptLog): Promise<Prepared> {
    const runnerError = (message: string): Prepared => {
      log.sink({ level: "error", message: `stepbatch-runner: ${message}` });
      return { exitCode: RUNNER_ERROR_EXIT };
    };
    const [program, ...argv] = job.command;
    if (program !== RUNNER_COMMAND[0]) return runnerError(`the job definition runs ${program}, and a local run can only run ${RUNNER_COMMAND[0]}`);
    let args: RunnerArgs;
    try {
      const parsed = parseCommandLine(argv);
      if (parsed.kind !== "run") return runnerError(`the job's command line asks for the runner's ${parsed.kind}, not for a run`);
      args = { ...parsed.args, image: { ...parsed.args.image, name: localImageName(parsed.args.image.name, this.place) } };
    } catch (error) {
      return runnerError(errorMessage(error));
    }
    const choice = await this.chooser.choose(await this.imageToChoose(args));
    const variables = attemptEnvironment(job.environment, {
      jobId: job.jobId,
      attempt,
      jobQueue: job.jobQueue,
      executor: choice.kind,
      scratchRoot: this.options.scratchRoot,
    });
    try {
      return { args, env: readRunnerEnvironment(variables), choice };
    } catch (error) {
      return { ...runnerError(errorMessage(error)), choice };
    }
  }

  /**
   * The image the runner will run, to choose the executor for: an image name that takes job data
   * (`tools:${job.version}`) is filled in here as the runner will fill it. Job data that cannot be
   * read leaves the name as it is; the runner then fails on it and says why.
   */
  private async imageToChoose(args: RunnerArgs): Promise<string> {
    if (!args.image.name.includes("${")) return args.image.name;
    try {
      return substituteStepFields(args, await readJobData(this.options.store, args.repo)).image.name;
    } catch {
      return args.image.name;
    }
  }

  private async runRunner(
    prepared: Extract<Prepared, { args: RunnerArgs }>,
    job: JobRecord,
    log: AttemptLog,
    running: RunningAttempt,
  ): Promise<number> {
    const { args, env, choice } = prepared;
    const runnerLog = new RunnerLog(log.sink, env);
    const executorLog: ExecutorLog = (message, fields) => runnerLog.info(message, fields);
    const scratch = scratchLayout({ scratchPath: env.scratchPath });
    const { resources } = job.definition;
    const placement: Pick<RunJobOptions, "executor" | "childWorkdir" | "resources"> =
      choice.kind === "docker"
        ? {
            executor: new DockerExecutor(this.docker, { log: executorLog }),
            // The child sees the workspace where a Batch job's child does, bind-mounted from its host path.
            childWorkdir: SCRATCH_PATH,
            resources: { cpus: resources.vcpus, memoryMiB: resources.memoryMiB },
          }
        : { executor: new LocalExecutor({ log: executorLog }) };
    const { timeoutSeconds } = job.definition;
    const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => running.stop(TIMEOUT_REASON), timeoutSeconds * 1000);
    try {
      return await runJob({
        args,
        env,
        store: this.options.store,
        executions: this.options.executions,
        scratch,
        ...placement,
        logSink: log.sink,
        signals: running.signals,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private emit(event: JobEvent): void {
    this.options.onJob?.(event);
  }
}
