import { STEPBATCH_VERSION } from "../compiler/settings";
import { isRecord } from "./eventFields";

export type LogLevel = "info" | "warning";

/** Writes one log line; production writes JSON lines to stdout, which CloudWatch keeps. */
export type LogWriter = (line: string) => void;

/**
 * JSON log lines that each carry the preamble of the call (workflow, step, job file, execution,
 * branch, version), taken from the `logging` block every compiled Lambda task sends, so CloudWatch
 * Logs Insights can filter any line by run and branch.
 */
export class StepLog {
  private readonly preamble: Record<string, string>;

  constructor(
    lambda: string,
    event: unknown,
    private readonly write: LogWriter = (line) => console.log(line),
  ) {
    this.preamble = { lambda, ...preambleOf(isRecord(event) ? event.logging : undefined), version: STEPBATCH_VERSION };
  }

  /** The first line of every call: the preamble and the event, less its logging block. */
  invoked(event: unknown): void {
    const { logging: _logging, ...rest } = isRecord(event) ? event : { event };
    this.info("invoked", { event: rest });
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    this.line("info", message, fields);
  }

  warning(message: string, fields: Record<string, unknown> = {}): void {
    this.line("warning", message, fields);
  }

  private line(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    this.write(JSON.stringify({ level, message, ...this.preamble, ...fields }));
  }
}

/** The reference's preamble fields from the compiled `logging` block; what is missing is left out. */
function preambleOf(logging: unknown): Record<string, string> {
  if (!isRecord(logging)) return {};
  const text = (name: string): string | undefined => (typeof logging[name] === "string" ? (logging[name] as string) : undefined);
  const [bucket, key, version] = [text("job_file_bucket"), text("job_file_key"), text("job_file_version")];
  const fields: Record<string, string | undefined> = {
    workflow_name: text("workflow_name"),
    step_name: text("step_name"),
    job_file: bucket && key ? `s3://${bucket}/${key}${version ? `:${version}` : ""}` : undefined,
    sfn_execution_id: text("sfn_execution_id"),
    branch: text("branch"),
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
