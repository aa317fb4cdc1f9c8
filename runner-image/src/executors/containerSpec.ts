import type { ContainerCreateOptions, HostConfig } from "dockerode";
import { gpuHostConfig } from "./gpu";
import { childLabels } from "./labels";
import type { ExecRequest } from "./types";

/** The weight Docker gives one CPU in CpuShares (its default for a container is 1024, one CPU's worth). */
const SHARES_PER_CPU = 1024;
/** The smallest CpuShares the kernel takes (cgroup cpu.shares minimum). */
const MIN_CPU_SHARES = 2;
const MEBIBYTE = 1024 * 1024;

/** The child container's name: its job id, prefixed so that `docker ps` tells stepbatch's apart. */
export function containerName(id: string): string {
  return `stepbatch-${id}`;
}

export interface ContainerSpecOptions {
  runnerId: string;
  /** The engine's network mode for children (`host` lets them reach servers on the host's 127.0.0.1); default the engine's. */
  networkMode?: string;
}

/**
 * The engine's create request for a step's child: the command with the image's entrypoint cleared
 * (`[]` clears it; null or absent would keep it, and run the command as its arguments), the
 * workspace as the only bind mount and the working directory, an init process as PID 1 (it reaps
 * zombies and passes `docker kill`'s signals on to the command), the environment and labels.
 *
 * CPUs become CpuShares, a weight, not a cap: what Batch itself gives an EC2 job for its vCPUs, so
 * a child may use idle CPUs as its own job would. Memory is a hard limit, as Batch's is.
 */
export function containerSpec(request: ExecRequest, id: string, options: ContainerSpecOptions): ContainerCreateOptions {
  const hostConfig: HostConfig = {
    Init: true,
    Mounts: [{ Type: "bind", Source: request.workspace, Target: request.workdir }],
    ...(options.networkMode !== undefined && { NetworkMode: options.networkMode }),
    ...resourceLimits(request.resources),
    ...gpuHostConfig(request.gpu),
  };
  return {
    name: containerName(id),
    Image: request.image.name,
    Entrypoint: [],
    Cmd: request.command,
    WorkingDir: request.workdir,
    Env: Object.entries(request.env).map(([name, value]) => `${name}=${value}`),
    Labels: childLabels(request.labels, options.runnerId),
    HostConfig: hostConfig,
  };
}

function resourceLimits(resources: ExecRequest["resources"]): Pick<HostConfig, "CpuShares" | "Memory"> {
  return {
    ...(resources?.cpus !== undefined && { CpuShares: Math.max(MIN_CPU_SHARES, Math.round(resources.cpus * SHARES_PER_CPU)) }),
    ...(resources?.memoryMiB !== undefined && { Memory: resources.memoryMiB * MEBIBYTE }),
  };
}
