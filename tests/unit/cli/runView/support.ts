import { readFileSync } from "node:fs";
import type { JobEvent } from "../../../../local/batch";
import type { EngineEvent } from "../../../../local/engine";
import { RunProgress } from "../../../../local/progress";
import { parseWorkflow } from "../../../../shared/spec";
import type { CliIO } from "../../../../cli/io";
import { runReporter, type RunReporter, type RunViewOptions } from "../../../../cli/runView";

export const WORKFLOW = "scatter";
export const EXECUTION = "arn:aws:states:local:000000000000:execution:scatter:job_test";
export const REPOSITORY = "s3://stepbatch-demo/scatter/run1";

/** The scatter example's steps: MakeConfig, PerSample (a scatter of Count), Summarize. */
export function scatterProgress(): RunProgress {
  const file = "examples/scatter/workflow.yaml";
  const parsed = parseWorkflow(readFileSync(file, "utf8"), file);
  if (!parsed.ok) throw new Error("the scatter example does not parse");
  return new RunProgress(WORKFLOW, parsed.workflow.steps);
}

type StateEventType = "StateEntered" | "StateExited" | "StateFailed" | "StateRetried";

function state(type: StateEventType, name: string, extra: Record<string, unknown> = {}): EngineEvent {
  const event = { type, timestamp: Date.now(), state: { name, type: "Task", input: {} }, ...extra };
  return { kind: "state", execution: EXECUTION, workflow: WORKFLOW, event } as EngineEvent;
}

export const entered = (name: string) => state("StateEntered", name);
export const exited = (name: string, output?: unknown) => state("StateExited", name, output === undefined ? {} : { state: { name, type: "Task", input: {}, output } });
export const stateFailed = (name: string, error: string, cause: string) => state("StateFailed", name, { Error: error, Cause: cause });
export const retried = (name: string, attempt: number, maxAttempts: number) =>
  state("StateRetried", name, { retry: { retrier: { ErrorEquals: ["States.ALL"], MaxAttempts: maxAttempts }, attempt } });

export function item(index: number, total: number, status: "started" | "succeeded" | "failed" | "aborted", error?: string, cause?: string): EngineEvent {
  return { kind: "item", execution: EXECUTION, workflow: WORKFLOW, map: "PerSample.map", index, total, status, ...(error && { error, cause }) };
}

export function job(kind: JobEvent["kind"], step: string, branch = "main", extra: Partial<JobEvent> = {}): JobEvent {
  return { kind, jobId: `id-${step}-${branch}`, jobName: `job_test__${step}${branch === "main" ? "" : `__${branch}`}`, step, branch, attempt: 1, ...extra };
}

export const DOCKER = { kind: "docker" as const, reason: "image docker.io/library/busybox:stable is on this host" };

/** A reporter over a fresh progress, fed as `stepbatch run` feeds it: progress first, then the view. */
export function harness(io: Partial<CliIO> = {}, options: RunViewOptions = {}) {
  let stderr = "";
  const progress = scatterProgress();
  const cli: CliIO = { out: () => undefined, err: (t) => (stderr += t), env: {}, cwd: "/work", ...io };
  const reporter: RunReporter = runReporter(cli, progress, options);
  return {
    reporter,
    progress,
    stderr: () => stderr,
    event(event: EngineEvent) {
      progress.record(event);
      reporter.event(event);
    },
  };
}

/** A batch step, as the engine and Batch report it: entered, queued, started, succeeded, exited. */
export function batchStep(h: ReturnType<typeof harness>, step: string, advance: (ms: number) => void, ms = 1_000): void {
  h.event(entered(step));
  h.reporter.job(job("queued", step));
  h.reporter.job(job("started", step, "main", { executor: DOCKER, logFile: `/logs/${step}.log` }));
  advance(ms);
  h.reporter.job(job("succeeded", step, "main", { exitCode: 0, statusReason: "Essential container in task exited" }));
  h.event(exited(step));
}

/** The scatter step's states around its branches: `PerSample`, `PerSample.map`, each branch's `PerSample.initialize` and `Count`. */
export function scatterBranch(h: ReturnType<typeof harness>, index: number, total: number, outcome: "succeeded" | "failed" = "succeeded"): void {
  h.event(item(index, total, "started"));
  h.event(entered("PerSample.initialize"));
  h.event(exited("PerSample.initialize"));
  h.event(entered("Count"));
  h.reporter.job(job("started", "Count", String(index), { executor: DOCKER }));
  if (outcome === "succeeded") {
    h.reporter.job(job("succeeded", "Count", String(index), { exitCode: 0 }));
    h.event(exited("Count"));
    h.event(item(index, total, "succeeded"));
  } else {
    const lastLines = [`counting ${index}`, "error: the step's commands failed: exit code 2"];
    h.reporter.job(job("failed", "Count", String(index), { exitCode: 2, statusReason: "Essential container in task exited", logFile: `/logs/Count.${index}.log`, lastLines }));
    h.event(stateFailed("Count", "States.TaskFailed", jobDescription(`job_test__Count__${index}`, 2)));
    h.event(item(index, total, "failed", "States.TaskFailed", jobDescription(`job_test__Count__${index}`, 2)));
  }
}

/** A Batch job description as the `.sync` integration puts it in a failure's Cause. */
export function jobDescription(jobName: string, exitCode: number): string {
  return JSON.stringify({ JobName: jobName, Status: "FAILED", StatusReason: "Essential container in task exited", Container: { ExitCode: exitCode, Command: ["stepbatch-runner", "--commands", "..."] } });
}

/**
 * What a terminal shows after `text`: carriage return, newline, cursor up (`ESC[nA`), to a column
 * (`ESC[nG`), erase line (`ESC[2K`) and erase below (`ESC[J`) applied, colours dropped. Enough to
 * check a redrawn view.
 */
export function screen(text: string): string[] {
  const lines: string[] = [""];
  let row = 0;
  let col = 0;
  const pattern = /\x1b\[(\d*)([AGJKm])|\r|\n|[^\x1b\r\n]+/g;
  for (const match of text.matchAll(pattern)) {
    const [token, count, code] = match;
    if (code === "A") row = Math.max(0, row - Number(count || 1));
    else if (code === "G") col = Number(count || 1) - 1;
    else if (code === "J") {
      lines[row] = lines[row].slice(0, col);
      lines.length = row + 1;
    } else if (code === "K") lines[row] = "";
    else if (code === "m") continue;
    else if (token === "\r") col = 0;
    else if (token === "\n") {
      row++;
      col = 0;
      lines[row] ??= "";
    } else {
      const line = lines[row].padEnd(col);
      lines[row] = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  return lines;
}
