import type { DeviceRequest, HostConfig } from "dockerode";
import { BadRequest } from "./errors";

export type GpuVendor = "nvidia" | "amd" | "intel";
export const GPU_VENDORS: readonly GpuVendor[] = ["nvidia", "amd", "intel"];
/** Each vendor as users write it. */
export const VENDOR_NAMES: Readonly<Record<GpuVendor, string>> = { nvidia: "NVIDIA", amd: "AMD", intel: "Intel" };

/**
 * GPUs for a child, independent of vendor. `deviceIds` names exact devices: NVIDIA indices or
 * UUIDs (as NVIDIA_VISIBLE_DEVICES holds them); AMD and Intel DRI nodes under /dev/dri (`card0`,
 * `renderD128`). Otherwise `count` (a number, or `all`, the default).
 */
export interface GpuRequest {
  vendor: GpuVendor;
  count?: number | "all";
  deviceIds?: string[];
}

/** The part of the engine's HostConfig that passes GPUs through. */
export type GpuHostConfig = Pick<HostConfig, "DeviceRequests" | "Devices" | "GroupAdd">;

/**
 * What the child's GPU work needs from the NVIDIA driver: the device (`gpu`, which also makes the
 * engine pick the NVIDIA runtime hook), CUDA and NVML (`compute`, `utility`: nvidia-smi). The hook
 * turns the last two into NVIDIA_DRIVER_CAPABILITIES.
 */
const NVIDIA_CAPABILITIES = [["gpu", "compute", "utility"]];
/** DeviceRequest.Count meaning every GPU of the host (what `docker run --gpus all` sends). */
const ALL_DEVICES = -1;
/** AMD's compute interface, shared by all its GPUs. */
const AMD_KFD = "/dev/kfd";
/** The DRI folder; handed whole to the engine, which adds every device node under it. */
const DRI = "/dev/dri";
/**
 * The groups that own /dev/kfd and /dev/dri on ROCm hosts, for images that do not run as root
 * (madengine's flags). Names, resolved in the image's /etc/group: ROCm images define both.
 */
const AMD_GROUPS = ["video", "render"];
const DRI_NODE = /^(card|renderD)\d+$/;
/** NVIDIA device ids: indices (`0`), GPU and MIG UUIDs (`GPU-8f…`, `MIG-…`); nothing a shell or the runtime would split. */
const NVIDIA_DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9:._-]*$/;
/** NVIDIA_VISIBLE_DEVICES values that are not device ids. */
const NVIDIA_KEYWORDS = new Set(["all", "none", "void", ""]);

/**
 * The engine host config for a GPU request; none (no request) is a CPU-only child.
 *
 * - NVIDIA: one DeviceRequest for exactly the device ids, or the count, or all.
 * - AMD: /dev/kfd plus the given DRI nodes (or all of /dev/dri), and the video and render groups.
 *   No `seccomp=unconfined`: ROCm's documentation marks it optional (it lets NUMA memory-policy
 *   calls through, for performance), and it would lift the syscall filter from user code on a
 *   shared host.
 * - Intel: the given DRI nodes, or all of /dev/dri.
 *
 * DRI nodes are chosen by name, not count: which card and render nodes make up one GPU is known
 * only on the host, which a runner inside a container cannot see. A numeric count for AMD or
 * Intel is therefore refused.
 */
export function gpuHostConfig(request: GpuRequest | undefined): GpuHostConfig {
  if (request === undefined) return {};
  validateGpuRequest(request);
  const { vendor, count, deviceIds } = request;
  if (vendor === "nvidia") return { DeviceRequests: [nvidiaDeviceRequest(count, deviceIds)] };
  if (typeof count === "number") {
    throw new BadRequest(
      `an ${VENDOR_NAMES[vendor]} GPU request names DRI device nodes (deviceIds such as renderD128, card0) or asks for all; a count of ${count} cannot be mapped to nodes`,
    );
  }
  const nodes = deviceIds?.map((id) => `${DRI}/${driNodeName(id)}`) ?? [DRI];
  const devices = vendor === "amd" ? [AMD_KFD, ...nodes] : nodes;
  return {
    Devices: devices.map((path) => ({ PathOnHost: path, PathInContainer: path, CgroupPermissions: "rwm" })),
    ...(vendor === "amd" && { GroupAdd: AMD_GROUPS }),
  };
}

function nvidiaDeviceRequest(count: GpuRequest["count"], deviceIds: string[] | undefined): DeviceRequest {
  if (deviceIds !== undefined) return { Driver: "", DeviceIDs: deviceIds, Capabilities: NVIDIA_CAPABILITIES };
  return { Driver: "", Count: typeof count === "number" ? count : ALL_DEVICES, Capabilities: NVIDIA_CAPABILITIES };
}

/** Refuses a request that names no vendor, mixes ids and a count, or holds ids the vendor's devices cannot have. */
export function validateGpuRequest(request: GpuRequest): void {
  const { vendor, count, deviceIds } = request;
  if (!GPU_VENDORS.includes(vendor)) throw new BadRequest(`GPU vendor must be one of ${GPU_VENDORS.join(", ")}, not ${JSON.stringify(vendor)}`);
  if (count !== undefined && count !== "all" && !(Number.isInteger(count) && count > 0)) {
    throw new BadRequest(`GPU count must be a positive whole number or "all", not ${JSON.stringify(count)}`);
  }
  if (deviceIds === undefined) return;
  if (count !== undefined) throw new BadRequest("a GPU request gives either deviceIds or a count, not both");
  if (deviceIds.length === 0) throw new BadRequest("GPU deviceIds is empty: leave it out to ask for a count or all");
  for (const id of deviceIds) {
    const valid = vendor === "nvidia" ? NVIDIA_DEVICE_ID.test(id) : DRI_NODE.test(driNodeName(id));
    if (!valid) {
      const expected = vendor === "nvidia" ? "an index or a GPU/MIG UUID" : `a DRI node under ${DRI} (card<n> or renderD<n>)`;
      throw new BadRequest(`${VENDOR_NAMES[vendor]} GPU device id ${JSON.stringify(id)} is not ${expected}`);
    }
  }
}

function driNodeName(id: string): string {
  return id.startsWith(`${DRI}/`) ? id.slice(DRI.length + 1) : id;
}

/**
 * The GPUs a step's child gets, from the runner's environment: none unless the step asked for
 * some (BC_GPUS, set by the compiler to a count or `all`) or Batch assigned some
 * (NVIDIA_VISIBLE_DEVICES holding device ids, which then win: they are exactly the devices Batch
 * reserved for this job). NVIDIA_VISIBLE_DEVICES=all alone asks for all, as the reference does.
 * BC_GPU_VENDOR (default nvidia) names the vendor on hosts with other GPUs.
 */
export function gpuRequestFromEnv(env: Readonly<Record<string, string | undefined>>): GpuRequest | undefined {
  const vendor = (env.BC_GPU_VENDOR || "nvidia") as GpuVendor;
  if (!GPU_VENDORS.includes(vendor)) throw new BadRequest(`BC_GPU_VENDOR must be one of ${GPU_VENDORS.join(", ")}, not ${JSON.stringify(vendor)}`);
  const visible = env.NVIDIA_VISIBLE_DEVICES?.trim();
  if (vendor === "nvidia" && visible !== undefined && !NVIDIA_KEYWORDS.has(visible)) {
    return { vendor, deviceIds: visible.split(",").map((id) => id.trim()) };
  }
  const gpus = env.BC_GPUS?.trim();
  if (gpus === undefined || gpus === "") return vendor === "nvidia" && visible === "all" ? { vendor, count: "all" } : undefined;
  if (gpus === "0") return undefined;
  if (gpus === "all") return { vendor, count: "all" };
  if (/^[1-9]\d*$/.test(gpus)) return { vendor, count: Number(gpus) };
  throw new BadRequest(`BC_GPUS must be a whole number of GPUs or "all", not ${JSON.stringify(gpus)}`);
}
