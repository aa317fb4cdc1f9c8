import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { LOG_DRAIN_MS, type Child, type Usage } from "./lifecycle";
import { LineSplitter } from "./lines";
import { LogBook } from "./logBook";
import { treeUsage } from "./procfs";
import type { ExecutorLog, LogStream, LogsOptions } from "./types";

/** How often the process tree's memory and CPU are sampled: as often as the engine samples a container. */
const USAGE_SAMPLE_MS = 1_000;

/**
 * A command running on the host as the leader of its own process group, so that signals reach
 * every process it started. When the leader exits, what is left of its group is killed, as a
 * container's processes end with it.
 */
export class ProcessChild implements Child {
  readonly exited: Promise<number | null>;
  private readonly book = new LogBook();
  private readonly pid: number;
  private leaderExited = false;
  private peakMemoryBytes?: number;
  private cpuTimeMs?: number;
  private readonly sampler: NodeJS.Timeout;

  constructor(
    child: ChildProcess,
    onLog: (line: string, stream: LogStream) => void,
    private readonly log: ExecutorLog,
  ) {
    this.pid = child.pid!;
    for (const stream of ["stdout", "stderr"] as const) {
      const splitter = new LineSplitter();
      const deliver = (line: string) => {
        this.book.append(line);
        onLog(line, stream);
      };
      child[stream]!.on("data", (chunk: Buffer) => splitter.push(chunk).forEach(deliver));
      child[stream]!.on("end", () => splitter.end().forEach(deliver));
    }
    void this.sample();
    this.sampler = setInterval(() => void this.sample(), USAGE_SAMPLE_MS);
    this.exited = new Promise((resolve) => {
      child.once("exit", () => {
        this.leaderExited = true;
        clearInterval(this.sampler);
        // What the command left running ends with it, as in a container; failing that only leaves strays.
        try {
          killGroup(this.pid, "SIGKILL");
        } catch (error) {
          this.log("could not end the processes the command left running", { pid: this.pid, error: (error as Error).message });
        }
        const drain = setTimeout(() => {
          this.log("output still open after the command exited; the rest is dropped", { pid: this.pid, waited_ms: LOG_DRAIN_MS });
          child.stdout?.destroy();
          child.stderr?.destroy();
        }, LOG_DRAIN_MS);
        child.once("close", () => clearTimeout(drain));
      });
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        this.book.end();
        resolve(code ?? (signal === null ? null : 128 + constants.signals[signal]));
      });
    });
  }

  async signal(signal: NodeJS.Signals): Promise<boolean> {
    return !this.leaderExited && killGroup(this.pid, signal);
  }

  logs(options: LogsOptions): AsyncIterable<string> {
    return this.book.read(options);
  }

  usage(): Usage {
    return {
      ...(this.peakMemoryBytes !== undefined && { peakMemoryBytes: this.peakMemoryBytes }),
      ...(this.cpuTimeMs !== undefined && { cpuTimeMs: this.cpuTimeMs }),
    };
  }

  async release(): Promise<{ oomKilled?: boolean }> {
    this.book.clear();
    return {};
  }

  private async sample(): Promise<void> {
    const usage = await treeUsage(this.pid);
    if (usage === undefined || this.leaderExited) return;
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes ?? 0, usage.memoryBytes);
    this.cpuTimeMs = Math.max(this.cpuTimeMs ?? 0, Math.round(usage.cpuMs));
  }
}

/** Sends `signal` to the process group led by `pid`; false when no process of it is left. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}
