import type Docker from "dockerode";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { ContainerChild } from "./containerChild";
import { containerName, containerSpec } from "./containerSpec";
import { engineFailed, engineMessage, engineStatus } from "./engineErrors";
import { AlreadyStarted, GpuUnavailable, ImageUnavailable, StartFailed, type ExecutorError } from "./errors";
import { VENDOR_NAMES, type GpuRequest } from "./gpu";
import { ensureImage } from "./images";
import { RUNNER_ID_LABEL } from "./labels";
import { ChildExecutor, type Child } from "./lifecycle";
import { guardedOnLog } from "./onLog";
import { AwsRegistryAuth, type RegistryAuthProvider } from "./registryAuth";
import type { ExecRequest, ExecutorLog, PullPolicy } from "./types";

/** The reference pulls on every run, so that a tag moved to a new image is picked up. */
const DEFAULT_PULL_POLICY: PullPolicy = "always";
/**
 * How the engine words its refusal to pass GPUs: no device driver for the requested capabilities
 * (no NVIDIA runtime), a device node the host lacks (/dev/kfd, /dev/dri), or a group the image
 * does not define (AMD's video and render).
 */
const GPU_REFUSAL = /could not select device driver|error gathering device information|unable to find group/i;

export interface DockerExecutorOptions {
  /** Labels every child (RUNNER_ID_LABEL) with the runner that started it. Default: a new UUID. */
  runnerId?: string;
  /** Default: AwsRegistryAuth (ECR tokens and Secrets Manager secrets). */
  registryAuth?: RegistryAuthProvider;
  /** The children's network mode, e.g. `host` to reach servers on the host's 127.0.0.1. Default: the engine's. */
  networkMode?: string;
  log?: ExecutorLog;
}

/**
 * Runs each step's commands in a sibling container through the host's Docker engine (the runner
 * reaches it through the mounted socket). See containerSpec for what the container gets.
 */
export class DockerExecutor extends ChildExecutor {
  private readonly runnerId: string;
  private readonly registryAuth: RegistryAuthProvider;
  private readonly networkMode?: string;

  constructor(
    private readonly docker: Docker,
    options: DockerExecutorOptions = {},
  ) {
    super(options.log ?? (() => undefined));
    this.runnerId = options.runnerId ?? randomUUID();
    this.registryAuth = options.registryAuth ?? new AwsRegistryAuth();
    this.networkMode = options.networkMode;
  }

  protected async launch(request: ExecRequest, id: string, signal: AbortSignal): Promise<Child> {
    await ensureImage(this.docker, request.image, request.pullPolicy ?? DEFAULT_PULL_POLICY, { auth: this.registryAuth, log: this.log, signal });
    signal.throwIfAborted();
    const container = await this.create(request, id);
    let output: Readable | undefined;
    try {
      // Attached before the start, so that the first lines are not missed.
      output = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
      await container.start();
    } catch (error) {
      output?.destroy();
      await container.remove({ force: true, v: true }).catch(() => undefined);
      throw startFailure(request, error);
    }
    return new ContainerChild(container, output, guardedOnLog(request.onLog, this.log), this.log);
  }

  protected async removeLabelled(labels: Record<string, string>): Promise<number> {
    const filters = { label: [RUNNER_ID_LABEL, ...Object.entries(labels).map(([key, value]) => `${key}=${value}`)] };
    let containers: Docker.ContainerInfo[];
    try {
      containers = await this.docker.listContainers({ all: true, filters });
    } catch (error) {
      throw engineFailed("listing labelled containers", error);
    }
    const removed = await Promise.all(
      containers.map(async ({ Id }) => {
        try {
          await this.docker.getContainer(Id).remove({ force: true, v: true });
          return true;
        } catch (error) {
          if (engineStatus(error) === 404) return false;
          throw engineFailed(`removing container ${Id.slice(0, 12)}`, error);
        }
      }),
    );
    return removed.filter(Boolean).length;
  }

  private async create(request: ExecRequest, id: string): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(containerSpec(request, id, { runnerId: this.runnerId, networkMode: this.networkMode }));
    } catch (error) {
      if (engineStatus(error) === 409) throw new AlreadyStarted(id, `a container named ${containerName(id)} already exists`);
      if (engineStatus(error) === 404) throw new ImageUnavailable(`image ${request.image.name} is not on this host: ${engineMessage(error)}`, { cause: error });
      throw startFailure(request, error);
    }
  }
}

/** The engine's refusal to create or start the child, as the error a user can act on. */
function startFailure(request: ExecRequest, error: unknown): ExecutorError {
  if (engineStatus(error) === undefined) return engineFailed("starting the step's container", error);
  const message = engineMessage(error);
  if (request.gpu !== undefined && GPU_REFUSAL.test(message)) {
    const advice = GPU_ADVICE[request.gpu.vendor];
    return new GpuUnavailable(`the Docker engine cannot give this step ${describeGpus(request.gpu)}: ${message} (${advice})`, { cause: error });
  }
  return new StartFailed(`the Docker engine could not start the step's container: ${message}`, { cause: error });
}

const GPU_ADVICE = {
  nvidia: "the host needs the NVIDIA driver and the NVIDIA Container Toolkit registered with the engine",
  amd: "the host needs the amdgpu driver (/dev/kfd, /dev/dri), and the image the video and render groups",
  intel: "the host needs the i915 or xe driver (/dev/dri)",
} as const;

function describeGpus({ vendor, count, deviceIds }: GpuRequest): string {
  const which = deviceIds !== undefined ? ` ${deviceIds.join(", ")}` : typeof count === "number" ? ` (${count})` : " (all)";
  return `${VENDOR_NAMES[vendor]} GPUs${which}`;
}
