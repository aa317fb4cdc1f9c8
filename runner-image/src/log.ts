import { STEPBATCH_VERSION } from "../../shared/compiler/settings";
import type { RunnerEnvironment } from "./env";

/** `user_cmd` is the reference's USER_CMD level: a line the step's own commands printed. */
export type LogLevel = "info" | "warning" | "error" | "user_cmd";

export interface LogRecord {
  level: LogLevel;
  message: string;
  [field: string]: unknown;
}

/** Where log records go: production writes them as JSON lines to stdout, which Batch sends to CloudWatch. */
export type LogSink = (record: LogRecord) => void;

export function jsonLineSink(write: (text: string) => void = (text) => process.stdout.write(text)): LogSink {
  return (record) => write(`${JSON.stringify(record)}\n`);
}

/**
 * The runner's log: every record carries the preamble of the job (workflow, step, job file,
 * execution, branch, Batch job id, version), so CloudWatch Logs Insights can filter any line,
 * user lines included, by run and branch.
 */
export class RunnerLog {
  private readonly preamble: Record<string, string>;

  constructor(
    private readonly sink: LogSink,
    env: RunnerEnvironment,
  ) {
    this.preamble = preambleOf(env);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.record("info", message, fields);
  }

  warning(message: string, fields: Record<string, unknown> = {}): void {
    this.record("warning", message, fields);
  }

  /** The one line a failure prints: what failed and why, with the error's code when it has one. */
  failure(what: string, error: unknown): void {
    const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : undefined;
    this.record("error", `${what}: ${errorMessage(error)}`, code === undefined ? {} : { code });
  }

  /** A line of the user's command block. */
  user(line: string, stream: "stdout" | "stderr"): void {
    this.record("user_cmd", line, { stream });
  }

  private record(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    this.sink({ level, message, ...this.preamble, ...fields });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function preambleOf(env: RunnerEnvironment): Record<string, string> {
  const { jobFile } = env;
  const fields: Record<string, string | undefined> = {
    workflow_name: env.workflowName,
    step_name: env.stepName,
    job_file: jobFile && `s3://${jobFile.bucket}/${jobFile.key}${jobFile.version ? `:${jobFile.version}` : ""}`,
    sfn_execution_id: env.executionId,
    branch: env.branch,
    batch_job_id: env.batchJobId,
    version: STEPBATCH_VERSION,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
