import { posix } from "node:path";
import { clearMarker, readJobData, writeMarker, type JobData } from "../../shared/repository";
import type { Executions } from "../../shared/services/types";
import type { ObjectStore } from "../../shared/store";
import type { RunnerArgs } from "./args";
import { runCommandBlock, type CommandOutcome } from "./commandBlock";
import { shellCommand, writeCommandsScript } from "./commandsScript";
import { commandEnvironment, type RunnerEnvironment } from "./env";
import type { ExecRequest, Executor } from "./executors";
import { writeJobDataFile } from "./jobDataFile";
import { runnerLabels, stepLabels } from "./labels";
import { errorMessage, RunnerLog, type LogSink } from "./log";
import { qcFailures, qcStopRequest } from "./qc";
import { linkReferences } from "./references";
import { SIGNAL_EXIT_CODES, trapSignals, type SignalSource, type SignalTrap } from "./signals";
import { skipDecision } from "./skip";
import { stageInputs, stageOutputs } from "./staging";
import { substituteLocalNames, substituteStepFields, type StepFields } from "./substitution";
import { createWorkspace, referenceCacheDir, type ScratchLayout, type Workspace } from "./workspace";

/** The runner's exit code for its own errors (reference-system.md d.2), told apart from the commands' codes. */
export const RUNNER_ERROR_EXIT = 199;

export interface RunJobOptions {
  args: RunnerArgs;
  env: RunnerEnvironment;
  store: ObjectStore;
  /** Stops the execution when a QC condition hits. */
  executions: Pick<Executions, "stop">;
  executor: Executor;
  scratch: ScratchLayout;
  /** Where the workspace appears to the commands: `/_bclaw_scratch` in a docker child; unset, its own path (the local executor). */
  childWorkdir?: string;
  /** The child's limits (a sibling container does not inherit the runner's). */
  resources?: ExecRequest["resources"];
  logSink: LogSink;
  /** Default: the process. */
  signals?: SignalSource;
  /** Milliseconds, for the durations in the log. Default: Date.now. */
  clock?: () => number;
}

/**
 * Runs one batch step (reference-system.md d.2): skip check, marker cleared, job data read and
 * substituted, workspace, references, inputs, job data file, commands in one shell session in the
 * child, QC, outputs uploaded (also after a failure), QC abort, marker on full success, workspace
 * removed. Returns the exit code: 0 on success, skip or QC abort; the commands' code when they
 * fail; 128 + n after signal n; RUNNER_ERROR_EXIT for the runner's own errors. Every failure logs
 * one error line saying what failed.
 */
export async function runJob(options: RunJobOptions): Promise<number> {
  const log = new RunnerLog(options.logSink, options.env);
  const trap = trapSignals(options.signals);
  const job = new Job(options, log, trap);
  try {
    return await job.run();
  } catch (error) {
    if (error instanceof StageFailed) log.failure(error.stage, error.error);
    else log.failure("the runner failed", error);
    return RUNNER_ERROR_EXIT;
  } finally {
    trap.release();
  }
}

/** An error of one stage of the job, named for the one line that reports it. */
class StageFailed extends Error {
  constructor(
    readonly stage: string,
    readonly error: unknown,
  ) {
    super(`${stage}: ${errorMessage(error)}`);
  }
}

async function stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new StageFailed(name, error);
  }
}

class Job {
  private readonly clock: () => number;
  private readonly started: number;
  private readonly warn = (line: string) => this.log.warning(line);

  constructor(
    private readonly options: RunJobOptions,
    private readonly log: RunnerLog,
    private readonly trap: SignalTrap,
  ) {
    this.clock = options.clock ?? Date.now;
    this.started = this.clock();
  }

  async run(): Promise<number> {
    const { args, env, store } = this.options;
    this.log.info("runner started", { repo: args.repo.uri, image: args.image.name, shell: args.shell, skip: args.skip, attempt: env.attempt });
    await this.removeLeftovers();

    // In `output` mode the outputs' names may hold ${job.x}, so the job data comes first.
    let prepared = args.skip === "output" ? await this.prepare() : undefined;
    const decision = await skipDecision({
      store,
      repo: args.repo,
      stepName: env.stepName,
      mode: args.skip,
      outputs: prepared?.fields.outputs ?? args.outputs,
    });
    if (decision.skip) {
      this.log.info(`skipped: ${decision.reason}`);
      return 0;
    }
    if (decision.warning !== undefined) this.log.warning(decision.warning);
    await clearMarker(store, args.repo, env.stepName).catch((error: unknown) =>
      this.log.warning(`could not remove the step's completion marker: ${errorMessage(error)}`),
    );
    prepared ??= await this.prepare();

    const interrupted = this.interruptedExit();
    if (interrupted !== undefined) return interrupted;
    const workspace = await stage("creating the workspace", () => createWorkspace(this.options.scratch));
    try {
      return await this.runIn(workspace, prepared.jobData, prepared.fields);
    } finally {
      await workspace.remove().catch((error: unknown) => this.log.warning(`could not remove the workspace ${workspace.path}: ${errorMessage(error)}`));
    }
  }

  /**
   * Removes containers that an earlier, killed attempt of this step left running. The labels name
   * the execution, whose name is never reused, so only a retry can find any: a first attempt skips
   * the search, which on the local executor reads every process's environment.
   */
  private async removeLeftovers(): Promise<void> {
    if (this.options.env.attempt <= 1) return;
    try {
      const removed = await this.options.executor.cleanup(stepLabels(this.options.env));
      if (removed > 0) this.log.warning(`removed ${removed} container(s) left behind by an earlier attempt of this step`);
    } catch (error) {
      this.log.warning(`could not look for containers left behind by an earlier attempt: ${errorMessage(error)}`);
    }
  }

  private async prepare(): Promise<{ jobData: JobData; fields: StepFields }> {
    const { args, store } = this.options;
    const jobData = await stage("reading the job data", () => readJobData(store, args.repo));
    const fields = await stage("substituting job data into the step", async () => substituteStepFields(args, jobData));
    return { jobData, fields };
  }

  private async runIn(workspace: Workspace, jobData: JobData, fields: StepFields): Promise<number> {
    const { args, env, store, executor } = this.options;
    const references = await stage("staging references", () =>
      linkReferences({ store, references: fields.references, workspace: workspace.path, cacheDir: referenceCacheDir(this.options.scratch) }),
    );
    const stagedAt = this.clock();
    const inputs = await stage("staging inputs", () =>
      stageInputs({ store, repo: args.repo, inputs: fields.inputs, workspace: workspace.path, warn: this.warn }),
    );
    this.log.info("inputs staged", { files: inputs.files, bytes: inputs.bytes, duration_ms: this.clock() - stagedAt });
    const jobDataFile = await stage("writing the job data file", () => writeJobDataFile(workspace.path, jobData));
    const outputNames = Object.fromEntries(Object.entries(fields.outputs).map(([name, spec]) => [name, spec.path]));
    const commands = substituteLocalNames(fields.commands, { ...references.localNames, ...inputs.localNames, ...outputNames });
    await stage("writing the commands script", () => writeCommandsScript(workspace.path, commands));

    const interrupted = this.interruptedExit();
    if (interrupted !== undefined) return interrupted;
    const workdir = this.options.childWorkdir ?? workspace.path;
    const request: ExecRequest = {
      workspace: workspace.hostPath,
      workdir,
      image: fields.image,
      command: shellCommand(args.shell),
      env: commandEnvironment(env, { workspace: workdir, jobDataFile: posix.join(workdir, jobDataFile) }),
      labels: runnerLabels(env),
      ...(this.options.resources !== undefined && { resources: this.options.resources }),
      ...(env.gpu !== undefined && { gpu: env.gpu }),
      ...(env.pullPolicy !== undefined && { pullPolicy: env.pullPolicy }),
      onLog: (line, stream) => this.log.user(line, stream),
    };
    let outcome: CommandOutcome | StageFailed;
    try {
      outcome = await runCommandBlock(executor, request, this.trap, this.log);
    } catch (error) {
      outcome = new StageFailed("running the commands", error);
    }
    const qc = outcome instanceof StageFailed || outcome.outcome !== "succeeded" ? undefined : await this.checkQc(workspace);
    // Outputs go up whatever happened, to help debugging; before any QC abort, because stopping
    // the execution makes Step Functions terminate this job.
    const uploaded = await this.uploadOutputs(workspace, fields);
    return this.finish(outcome, qc, uploaded);
  }

  private async checkQc(workspace: Workspace): Promise<string[] | StageFailed> {
    try {
      return await qcFailures(this.options.args.qc, workspace.path);
    } catch (error) {
      return new StageFailed("checking QC", error);
    }
  }

  /** Uploads the outputs; false (with the failure logged) when that failed. */
  private async uploadOutputs(workspace: Workspace, fields: StepFields): Promise<boolean> {
    const { args, env, store } = this.options;
    const started = this.clock();
    try {
      const result = await stageOutputs({
        store,
        repo: args.repo,
        outputs: fields.outputs,
        workspace: workspace.path,
        tags: fields.tags,
        executionId: env.executionId,
        warn: this.warn,
      });
      const bytes = result.uploaded.reduce((sum, file) => sum + file.bytes, 0);
      this.log.info("outputs uploaded", { files: result.uploaded.length, bytes, duration_ms: this.clock() - started });
      return true;
    } catch (error) {
      this.log.failure("uploading outputs", error);
      return false;
    }
  }

  private async finish(outcome: CommandOutcome | StageFailed, qc: string[] | StageFailed | undefined, uploaded: boolean): Promise<number> {
    const { env, store, args } = this.options;
    if (outcome instanceof StageFailed) throw outcome;
    if (outcome.outcome === "signalled") {
      this.log.failure("the step was stopped", `received ${outcome.signal}; the commands were cancelled and no completion marker is written`);
      return SIGNAL_EXIT_CODES[outcome.signal];
    }
    if (outcome.outcome === "failed") {
      const memory = outcome.result.oomKilled === true ? " (killed for exceeding its memory limit)" : "";
      this.log.failure("the step's commands failed", `exit code ${outcome.exitCode}${memory}`);
      return outcome.exitCode;
    }
    if (qc instanceof StageFailed) throw qc;
    const interrupted = this.interruptedExit();
    if (interrupted !== undefined) return interrupted;
    if (qc !== undefined && qc.length > 0) {
      const request = await stage("stopping the execution after a failed QC check", async () => {
        const stop = qcStopRequest(env, qc);
        await this.options.executions.stop(stop);
        return stop;
      });
      this.log.failure("QC check failed", `${request.cause}; stopped ${request.executionArn} (ABORTED)`);
      return uploaded ? 0 : RUNNER_ERROR_EXIT;
    }
    if (!uploaded) return RUNNER_ERROR_EXIT;
    await stage("writing the completion marker", () => writeMarker(store, args.repo, env.stepName, env.executionId));
    this.log.info("runner finished", { duration_ms: this.clock() - this.started });
    return 0;
  }

  /** After a signal that came outside the command block: the exit code, with its one line; nothing further runs. */
  private interruptedExit(): number | undefined {
    const signal = this.trap.received();
    if (signal === undefined) return undefined;
    this.log.failure("the step was stopped", `received ${signal}; no completion marker is written`);
    return SIGNAL_EXIT_CODES[signal];
  }
}
