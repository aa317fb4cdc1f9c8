import type Docker from "dockerode";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { Usage } from "./lifecycle";
import type { ExecutorLog } from "./types";

/** The parts of one engine stats sample that are read (cgroup v1 and v2 name the inactive file cache differently). */
interface StatsSample {
  memory_stats?: { usage?: number; stats?: { total_inactive_file?: number; inactive_file?: number } };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

const NANOSECONDS_PER_MS = 1_000_000;

/**
 * A container's usage from the engine's stats stream, which samples once a second, the first at
 * once. Memory is the working set as `docker stats` shows it (usage less inactive file cache, which
 * the kernel reclaims before it would kill for memory); its peak is the largest sampled. CPU time
 * is the container's cumulative user + system time at the last sample. Best effort: the stream
 * stops with the container, so its last second is not seen, and a failing stream only costs the figures.
 */
export class ContainerStats {
  private peakMemoryBytes?: number;
  private cpuTimeMs?: number;
  private stream?: Readable;
  private stopped = false;

  constructor(container: Docker.Container, log: ExecutorLog) {
    container
      .stats({ stream: true })
      .then((stream) => this.read(stream as Readable))
      .catch((error: unknown) => {
        if (!this.stopped) log("could not read the container's resource usage", { container: container.id, error: (error as Error).message });
      });
  }

  usage(): Usage {
    return {
      ...(this.peakMemoryBytes !== undefined && { peakMemoryBytes: this.peakMemoryBytes }),
      ...(this.cpuTimeMs !== undefined && { cpuTimeMs: this.cpuTimeMs }),
    };
  }

  stop(): void {
    this.stopped = true;
    this.stream?.destroy();
  }

  private async read(stream: Readable): Promise<void> {
    this.stream = stream;
    if (this.stopped) stream.destroy();
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (line.trim() !== "") this.add(JSON.parse(line) as StatsSample);
    }
  }

  private add(sample: StatsSample): void {
    const memory = sample.memory_stats;
    // A container that has just exited reports an empty sample: no usage, not zero usage.
    if (memory?.usage) {
      const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
      const workingSet = Math.max(0, memory.usage - inactive);
      this.peakMemoryBytes = Math.max(this.peakMemoryBytes ?? 0, workingSet);
    }
    const cpu = sample.cpu_stats?.cpu_usage?.total_usage;
    if (cpu) this.cpuTimeMs = Math.max(this.cpuTimeMs ?? 0, Math.round(cpu / NANOSECONDS_PER_MS));
  }
}
