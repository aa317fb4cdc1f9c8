import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { LogRecord, LogSink } from "../../runner-image/src/log";

/** Lines kept for a failure report: enough for the error and the command output that led to it. */
export const FAILURE_REPORT_LINES = 20;

/**
 * One job attempt's log: the runner's records as JSON lines in a file (what CloudWatch holds for a
 * Batch job), and its last lines in memory for the failure report. A file that cannot be written
 * does not stop the job; the report says so instead.
 */
export class AttemptLog {
  private readonly tail: string[] = [];
  private writeError: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly file: WriteStream,
  ) {
    file.on("error", (error) => (this.writeError ??= error));
  }

  static async open(path: string): Promise<AttemptLog> {
    await mkdir(dirname(path), { recursive: true });
    const file = createWriteStream(path, { flags: "w" });
    await once(file, "open");
    return new AttemptLog(path, file);
  }

  readonly sink: LogSink = (record) => {
    if (this.writeError === undefined) this.file.write(`${JSON.stringify(record)}\n`);
    this.tail.push(lineOf(record));
    if (this.tail.length > FAILURE_REPORT_LINES) this.tail.shift();
  };

  /** The last FAILURE_REPORT_LINES lines: the commands' own output as printed, the runner's prefixed with their level. */
  lastLines(): string[] {
    return this.writeError === undefined ? [...this.tail] : [...this.tail, `(the log file ${this.path} could not be written: ${this.writeError.message})`];
  }

  async close(): Promise<void> {
    if (this.writeError !== undefined) return;
    await new Promise<void>((resolve) => this.file.end(resolve));
  }
}

function lineOf(record: LogRecord): string {
  return record.level === "user_cmd" ? record.message : `${record.level}: ${record.message}`;
}
