import { RunnerError } from "./errors";
import type { VolumeMount } from "./workspace";

/** What the runner learns about its own container from ECS task metadata v4. */
export interface ContainerMetadata {
  volumes: VolumeMount[];
  /** The container's limits, which a sibling container does not inherit and so must be given. */
  resources: { cpus?: number; memoryMiB?: number };
}

export type FetchJson = (url: string) => Promise<unknown>;

/** The metadata endpoint is on the host's link-local address and answers at once; longer means it is not there. */
const METADATA_TIMEOUT_MS = 5_000;
/** ECS counts container CPU in units of 1/1024 of a vCPU. */
const CPU_UNITS_PER_VCPU = 1024;

export const fetchJson: FetchJson = async (url) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
};

/**
 * The container's bind mounts and limits from `ECS_CONTAINER_METADATA_URI_V4` (the container
 * response: `Volumes` of {Source, Destination}, `Limits` of {CPU units, Memory MiB}). A RunnerError
 * (ScratchVolume) when the endpoint does not answer: without it the child's workspace mount would
 * name a folder the host does not have.
 */
export async function readContainerMetadata(uri: string, fetch: FetchJson = fetchJson): Promise<ContainerMetadata> {
  let body: unknown;
  try {
    body = await fetch(uri);
  } catch (error) {
    throw new RunnerError("ScratchVolume", `cannot read the container's ECS metadata at ${uri}: ${(error as Error).message}`, { cause: error });
  }
  const record = isRecord(body) ? body : {};
  const volumes = (Array.isArray(record.Volumes) ? record.Volumes : []).flatMap((volume: unknown) =>
    isRecord(volume) && typeof volume.Source === "string" && typeof volume.Destination === "string"
      ? [{ source: volume.Source, destination: volume.Destination }]
      : [],
  );
  const limits = isRecord(record.Limits) ? record.Limits : {};
  const positive = (value: unknown): number | undefined => (typeof value === "number" && value > 0 ? value : undefined);
  const cpuUnits = positive(limits.CPU);
  const memoryMiB = positive(limits.Memory);
  return {
    volumes,
    resources: {
      ...(cpuUnits !== undefined && { cpus: cpuUnits / CPU_UNITS_PER_VCPU }),
      ...(memoryMiB !== undefined && { memoryMiB }),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
