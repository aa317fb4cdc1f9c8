import type { GpuRequest } from "./gpu";

export type PullPolicy = "always" | "if-not-present" | "never";
export type LogStream = "stdout" | "stderr";
export type ExecStatus = "succeeded" | "failed" | "timed-out" | "cancelled";

/** The child's image: the runner's `--image` argument. `auth` names a Secrets Manager secret holding `{username, password}`. */
export interface ImageRef {
  name: string;
  auth?: string;
}

export interface ExecRequest {
  /**
   * The caller's name for this run, so that it can cancel a start still pulling its image; start
   * refuses a name in use (AlreadyStarted). Letters, digits, `_`, `.`, `-`. Default: a new UUID.
   */
  id?: string;
  /** Host path of the job's workspace: the docker child gets this folder, and only this one, at `workdir`. */
  workspace: string;
  /** Where the workspace appears to the commands, and their working directory. Local executor: must equal `workspace`. */
  workdir: string;
  /** Docker only: the local executor runs the commands on the host. */
  image: ImageRef;
  /** The program and its arguments, run as given (no shell around it), e.g. `["sh", "-veu", "_commands.sh"]`. */
  command: string[];
  /** The child's whole environment (plus, in a container, the image's own; on the host, PATH, HOME and locale). */
  env: Record<string, string>;
  /** Labels naming workflow, execution, step, branch and attempt; what `cleanup` matches. */
  labels: Record<string, string>;
  /** Docker only: `cpus` becomes a CPU-share weight (as Batch gives EC2 jobs), `memoryMiB` a hard limit. */
  resources?: { cpus?: number; memoryMiB?: number };
  /** Docker only: GPUs passed through to the child. */
  gpu?: GpuRequest;
  /** The child's run time, counted from its start (an image pull does not count); then it is stopped and reported `timed-out`. */
  timeoutMs?: number;
  /** Docker only. Default `always`, as the reference pulls on every run so that a moved tag is picked up. */
  pullPolicy?: PullPolicy;
  /** Each line of output as it comes (a last line without a newline too), per stream in order. Must not throw. */
  onLog?: (line: string, stream: LogStream) => void;
}

export interface ExecResult {
  /** `timed-out` and `cancelled` win over the exit code the stopped child left. */
  status: ExecStatus;
  /** The child's exit code; 128 + n when signal n ended it (as a shell reports); null where none was reported. */
  exitCode: number | null;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  /**
   * Best effort, from samples taken once a second while the child runs (the first at its start),
   * so what it did in its last second is not seen. Docker: the container's working set as `docker
   * stats` shows it (usage less inactive page cache). Local: the summed resident memory of the
   * command's process tree. Absent where no sample was taken.
   */
  peakMemoryBytes?: number;
  /** Best effort, same samples: CPU time (user + system) of the container, or of the command's process tree. */
  cpuTimeMs?: number;
  /** Docker only: the kernel killed the child for exceeding its memory limit. */
  oomKilled?: boolean;
}

export interface CancelOptions {
  /** Sent first: to the container's init (which forwards it to the command), or to the command's process group. */
  signal: NodeJS.Signals;
  /** How long the child gets to exit after `signal`, before SIGKILL. */
  graceMs: number;
}

export interface LogsOptions {
  /** Only the last `tail` lines (before following). Default: all. */
  tail?: number;
  /** Keep yielding lines until the child exits. */
  follow?: boolean;
}

/**
 * One lifecycle for every way of running a step's commands (after Bacalhau's executor). Lifecycle
 * misuse fails with a typed error (NotFound, AlreadyStarted, AlreadyFinished, Cancelled, TimedOut).
 */
export interface Executor {
  /** Pulls the image as the policy says, starts the child, and returns the job's id. */
  start(request: ExecRequest): Promise<string>;
  /**
   * Waits for the child to exit, then lets go of it (a container is removed: its logs go with it)
   * and returns the result record; again the same record on later calls.
   */
  wait(id: string): Promise<ExecResult>;
  /**
   * Sends `signal`, then SIGKILL after `graceMs`; settles once the child has exited, which then
   * reports `cancelled`. A job whose start is still pulling its image is abandoned, and that start
   * fails with Cancelled. AlreadyFinished when the child had exited already.
   */
  cancel(id: string, options: CancelOptions): Promise<void>;
  /** The child's output lines (both streams), available until `wait` returns. */
  logs(id: string, options?: LogsOptions): AsyncIterable<string>;
  /** `wait(await start(request))`. */
  run(request: ExecRequest): Promise<ExecResult>;
  /**
   * Ends and removes every child carrying all of `labels` that a stepbatch executor started, in
   * this process or an earlier one (a runner killed outright leaves its child running). Returns
   * how many it removed. At least one label is needed, so that it never sweeps a shared host.
   */
  cleanup(labels: Record<string, string>): Promise<number>;
}

/** Where an executor reports what it did (image pulled, digest, timeouts, broken log streams); StepLog.info fits. */
export type ExecutorLog = (message: string, fields: Record<string, unknown>) => void;
