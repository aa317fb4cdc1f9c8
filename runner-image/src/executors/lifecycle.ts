import { AlreadyFinished, AlreadyStarted, Cancelled, NotFound, TimedOut } from "./errors";
import { validateCleanupLabels } from "./labels";
import { settlesWithin } from "./settle";
import { checkedRequestId, validateCancelOptions, validateLogsOptions } from "./request";
import type { CancelOptions, ExecRequest, ExecResult, Executor, ExecutorLog, LogsOptions } from "./types";

/**
 * How long a timed-out child gets between SIGTERM and SIGKILL: `docker stop`'s default, time
 * for the commands to flush what they were writing. (A cancel brings its own grace.)
 */
export const TIMEOUT_GRACE_MS = 10_000;
/**
 * How long to wait for a child to go after SIGKILL before giving up with TimedOut. SIGKILL ends a
 * process at once unless it is blocked in the kernel (uninterruptible I/O on a hung mount); a
 * child still there after this will not go soon.
 */
export const KILL_CONFIRM_MS = 10_000;
/**
 * How long output may keep arriving after the child exited before the rest is dropped. The
 * engine closes a container's streams as it ends and a process group's pipes close with it; only
 * a process that slipped out of the group (setsid) can hold a pipe open.
 */
export const LOG_DRAIN_MS = 5_000;

/** What a child used, as far as it was seen (see ExecResult). */
export interface Usage {
  peakMemoryBytes?: number;
  cpuTimeMs?: number;
}

/** A started child (container or process group), as the lifecycle drives it. */
export interface Child {
  /** Settles once the child has exited and its output has been handed to onLog: the exit code (null where none was reported). */
  readonly exited: Promise<number | null>;
  /** Sends a signal to the child; false when it had exited already. */
  signal(signal: NodeJS.Signals): Promise<boolean>;
  logs(options: LogsOptions): AsyncIterable<string>;
  usage(): Usage;
  /** Lets go of the exited child (removes the container; drops kept logs). Facts only known at the end. */
  release(): Promise<{ oomKilled?: boolean }>;
}

interface Job {
  readonly id: string;
  readonly abort: AbortController;
  /** Settles when start does: the child, or start's failure. */
  launched?: Promise<Child>;
  child?: Child;
  startedAt?: Date;
  /** The exit, as seen by the lifecycle: a failed watch (engine gone) reads as exited too. */
  exit?: Promise<{ code: number | null; endedAt: Date } | { error: unknown }>;
  exited: boolean;
  cancelled: boolean;
  timedOut: boolean;
  timer?: NodeJS.Timeout;
  result?: Promise<ExecResult>;
  released: boolean;
}

/**
 * The lifecycle both executors share (ids, waiting, cancelling with a grace period, timeouts,
 * typed errors); each executor says how a child starts (`launch`) and how leftovers are found
 * (`removeLabelled`).
 */
export abstract class ChildExecutor implements Executor {
  private readonly jobs = new Map<string, Job>();

  protected constructor(protected readonly log: ExecutorLog) {}

  /** Starts the child of `request` as job `id`. `signal` aborts when cancel comes first: stop pulling, start nothing. */
  protected abstract launch(request: ExecRequest, id: string, signal: AbortSignal): Promise<Child>;

  /** Ends and removes every child carrying the runner-id label and all of `labels`; how many. */
  protected abstract removeLabelled(labels: Record<string, string>): Promise<number>;

  async start(request: ExecRequest): Promise<string> {
    const id = checkedRequestId(request);
    if (this.jobs.has(id)) throw new AlreadyStarted(id);
    const job: Job = { id, abort: new AbortController(), exited: false, cancelled: false, timedOut: false, released: false };
    this.jobs.set(id, job);
    job.launched = this.launchJob(job, request);
    try {
      await job.launched;
    } catch (error) {
      this.jobs.delete(id);
      throw error;
    }
    return id;
  }

  async wait(id: string): Promise<ExecResult> {
    const job = this.job(id);
    return (job.result ??= this.finish(job));
  }

  async cancel(id: string, options: CancelOptions): Promise<void> {
    validateCancelOptions(options);
    const job = this.job(id);
    if (job.exited) throw new AlreadyFinished(id, "cancel");
    if (job.child === undefined) {
      job.cancelled = true;
      job.abort.abort();
      await job.launched?.catch(() => undefined);
      return;
    }
    if (!job.timedOut) job.cancelled = true;
    if (!(await this.stop(job, options.signal, options.graceMs))) {
      job.cancelled = false;
      throw new AlreadyFinished(id, "cancel");
    }
  }

  logs(id: string, options: LogsOptions = {}): AsyncIterable<string> {
    validateLogsOptions(options);
    const job = this.job(id);
    if (job.released) throw new AlreadyFinished(id, "read the logs of", "its child was let go of when wait returned");
    const launched = job.launched!;
    return (async function* () {
      yield* (await launched).logs(options);
    })();
  }

  async run(request: ExecRequest): Promise<ExecResult> {
    return this.wait(await this.start(request));
  }

  async cleanup(labels: Record<string, string>): Promise<number> {
    validateCleanupLabels(labels);
    return this.removeLabelled(labels);
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (job === undefined) throw new NotFound(id);
    return job;
  }

  /** Launches the child and starts watching it: its exit, its time limit. Fails with Cancelled when cancel came first. */
  private async launchJob(job: Job, request: ExecRequest): Promise<Child> {
    let child: Child;
    try {
      child = await this.launch(request, job.id, job.abort.signal);
    } catch (error) {
      throw job.abort.signal.aborted ? new Cancelled(job.id) : error;
    }
    if (job.abort.signal.aborted) {
      // Cancelled while the child was being created: it must not run the commands for no one.
      await child.signal("SIGKILL");
      await child.exited.catch(() => undefined);
      await child.release();
      throw new Cancelled(job.id);
    }
    job.child = child;
    job.startedAt = new Date();
    job.exit = child.exited.then(
      (code) => ({ code, endedAt: new Date() }),
      (error: unknown) => ({ error }),
    );
    void job.exit.then(() => {
      job.exited = true;
      clearTimeout(job.timer);
    });
    if (request.timeoutMs !== undefined) job.timer = this.timeoutTimer(job, request.timeoutMs);
    return child;
  }

  private async finish(job: Job): Promise<ExecResult> {
    await job.launched;
    const exit = await job.exit!;
    const { oomKilled } = await job.child!.release();
    job.released = true;
    if ("error" in exit) throw exit.error;
    const { code, endedAt } = exit;
    const startedAt = job.startedAt!;
    return {
      status: job.timedOut ? "timed-out" : job.cancelled ? "cancelled" : code === 0 ? "succeeded" : "failed",
      exitCode: code,
      startedAt,
      endedAt,
      durationMs: endedAt.getTime() - startedAt.getTime(),
      ...job.child!.usage(),
      ...(oomKilled !== undefined && { oomKilled }),
    };
  }

  /**
   * `signal`, then SIGKILL if the child is still there after `graceMs`. False when the child had
   * exited before the first signal; TimedOut when it outlives SIGKILL by KILL_CONFIRM_MS.
   */
  private async stop(job: Job, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
    const child = job.child!;
    if (!(await child.signal(signal))) return false;
    if (await settlesWithin(job.exit!, graceMs)) return true;
    await child.signal("SIGKILL");
    if (await settlesWithin(job.exit!, KILL_CONFIRM_MS)) return true;
    throw new TimedOut(job.id, KILL_CONFIRM_MS);
  }

  private timeoutTimer(job: Job, timeoutMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (job.exited || job.cancelled) return;
      job.timedOut = true;
      this.log("stopping the commands: they ran past their time limit", { job: job.id, timeout_ms: timeoutMs, grace_ms: TIMEOUT_GRACE_MS });
      this.stop(job, "SIGTERM", TIMEOUT_GRACE_MS).catch((error: unknown) =>
        this.log("could not stop the timed-out commands", { job: job.id, error: (error as Error).message }),
      );
    }, timeoutMs);
    // The child itself keeps the process alive while it runs; a forgotten job must not.
    timer.unref();
    return timer;
  }
}
