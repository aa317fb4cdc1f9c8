import type Docker from "dockerode";
import { Readable, pipeline } from "node:stream";
import { ContainerStats } from "./containerStats";
import { demuxLines, type LogLine } from "./dockerFrames";
import { engineFailed, engineMessage, engineStatus } from "./engineErrors";
import { LOG_DRAIN_MS, type Child, type Usage } from "./lifecycle";
import { settlesWithin } from "./settle";
import type { ExecutorLog, LogStream, LogsOptions } from "./types";

/**
 * A started container. Its output comes from an attach made before the start, so no line is
 * missed and none depends on the engine's log driver; `logs` reads the engine's own log until the
 * container is removed.
 */
export class ContainerChild implements Child {
  readonly exited: Promise<number | null>;
  private readonly stats: ContainerStats;

  constructor(
    private readonly container: Docker.Container,
    output: Readable,
    onLog: (line: string, stream: LogStream) => void,
    private readonly log: ExecutorLog,
  ) {
    const lines = demuxLines();
    const drained = new Promise<void>((resolve) =>
      pipeline(output, lines, (error) => {
        if (error) log("the container's output stream broke; the commands keep running", { container: container.id, error: error.message });
        resolve();
      }),
    );
    lines.on("data", ({ line, stream }: LogLine) => onLog(line, stream));
    this.stats = new ContainerStats(container, log);
    this.exited = this.watch(output, drained);
  }

  async signal(signal: NodeJS.Signals): Promise<boolean> {
    try {
      await this.container.kill({ signal });
      return true;
    } catch (error) {
      // 409: not running; 404: already removed.
      if (engineStatus(error) === 409 || engineStatus(error) === 404) return false;
      throw engineFailed(`sending ${signal} to the step's container`, error);
    }
  }

  async *logs({ tail, follow = false }: LogsOptions): AsyncIterable<string> {
    const options = { stdout: true, stderr: true, ...(tail !== undefined && { tail }) };
    let raw: Readable;
    try {
      raw = follow
        ? ((await this.container.logs({ ...options, follow: true })) as Readable)
        : Readable.from([await this.container.logs({ ...options, follow: false })]);
    } catch (error) {
      throw engineFailed("reading the step container's log", error);
    }
    const lines = demuxLines();
    pipeline(raw, lines, () => undefined);
    try {
      for await (const { line } of lines as AsyncIterable<LogLine>) yield line;
    } finally {
      raw.destroy();
    }
  }

  usage(): Usage {
    return this.stats.usage();
  }

  async release(): Promise<{ oomKilled?: boolean }> {
    let oomKilled: boolean | undefined;
    try {
      oomKilled = (await this.container.inspect()).State.OOMKilled;
    } catch (error) {
      if (engineStatus(error) !== 404) this.log("could not inspect the step's container", { container: this.container.id, error: engineMessage(error) });
    }
    try {
      // v: also its anonymous volumes (an image's VOLUME), which would otherwise pile up on the host.
      await this.container.remove({ force: true, v: true });
    } catch (error) {
      if (engineStatus(error) !== 404) this.log("could not remove the step's container", { container: this.container.id, error: engineMessage(error) });
    }
    return oomKilled === undefined ? {} : { oomKilled };
  }

  /** The exit code once the container has stopped and its output is drained; null when the engine reports none (removed by someone else). */
  private async watch(output: Readable, drained: Promise<void>): Promise<number | null> {
    let code: number | null;
    try {
      const { StatusCode } = (await this.container.wait()) as { StatusCode?: number };
      code = typeof StatusCode === "number" ? StatusCode : null;
    } catch (error) {
      if (engineStatus(error) !== 404) throw engineFailed("waiting for the step's container", error);
      code = null;
    } finally {
      this.stats.stop();
    }
    if (!(await settlesWithin(drained, LOG_DRAIN_MS))) {
      this.log("output still open after the container exited; the rest is dropped", { container: this.container.id, waited_ms: LOG_DRAIN_MS });
      output.destroy();
    }
    return code;
  }
}
