import { describe, expect, it } from "vitest";
import { BadRequest, gpuHostConfig, gpuRequestFromEnv } from "../../../runner-image/src/executors";

const NVIDIA_CAPABILITIES = [["gpu", "compute", "utility"]];
const device = (path: string) => ({ PathOnHost: path, PathInContainer: path, CgroupPermissions: "rwm" });

describe("gpuHostConfig", () => {
  it("gives a CPU-only child no device configuration", () => {
    expect(gpuHostConfig(undefined)).toEqual({});
  });

  it("asks the engine for exactly the NVIDIA devices named, by id", () => {
    expect(gpuHostConfig({ vendor: "nvidia", deviceIds: ["0", "GPU-8f2c1e7a-1b2c-3d4e-5f60-718293a4b5c6"] })).toEqual({
      DeviceRequests: [{ Driver: "", DeviceIDs: ["0", "GPU-8f2c1e7a-1b2c-3d4e-5f60-718293a4b5c6"], Capabilities: NVIDIA_CAPABILITIES }],
    });
  });

  it("asks for a count of NVIDIA GPUs, or all of them (-1), as `docker run --gpus` does", () => {
    expect(gpuHostConfig({ vendor: "nvidia", count: 2 })).toEqual({ DeviceRequests: [{ Driver: "", Count: 2, Capabilities: NVIDIA_CAPABILITIES }] });
    expect(gpuHostConfig({ vendor: "nvidia", count: "all" })).toEqual({ DeviceRequests: [{ Driver: "", Count: -1, Capabilities: NVIDIA_CAPABILITIES }] });
    expect(gpuHostConfig({ vendor: "nvidia" })).toEqual({ DeviceRequests: [{ Driver: "", Count: -1, Capabilities: NVIDIA_CAPABILITIES }] });
  });

  it("gives AMD /dev/kfd and the named DRI nodes with the video and render groups, and no seccomp change", () => {
    const config = gpuHostConfig({ vendor: "amd", deviceIds: ["card1", "/dev/dri/renderD129"] });
    expect(config).toEqual({
      Devices: [device("/dev/kfd"), device("/dev/dri/card1"), device("/dev/dri/renderD129")],
      GroupAdd: ["video", "render"],
    });
    expect(config).not.toHaveProperty("SecurityOpt");
  });

  it("gives AMD all of /dev/dri when it asks for all", () => {
    expect(gpuHostConfig({ vendor: "amd", count: "all" })).toEqual({ Devices: [device("/dev/kfd"), device("/dev/dri")], GroupAdd: ["video", "render"] });
  });

  it("gives Intel /dev/dri, or the named nodes", () => {
    expect(gpuHostConfig({ vendor: "intel" })).toEqual({ Devices: [device("/dev/dri")] });
    expect(gpuHostConfig({ vendor: "intel", deviceIds: ["renderD128"] })).toEqual({ Devices: [device("/dev/dri/renderD128")] });
  });

  it("refuses requests it cannot map to devices, saying why", () => {
    const cases: Array<[Parameters<typeof gpuHostConfig>[0], string]> = [
      [{ vendor: "amd", count: 2 }, "an AMD GPU request names DRI device nodes (deviceIds such as renderD128, card0) or asks for all; a count of 2 cannot be mapped to nodes"],
      [{ vendor: "amd", deviceIds: ["../sda"] }, 'AMD GPU device id "../sda" is not a DRI node under /dev/dri (card<n> or renderD<n>)'],
      [{ vendor: "nvidia", deviceIds: ["0;rm"] }, 'NVIDIA GPU device id "0;rm" is not an index or a GPU/MIG UUID'],
      [{ vendor: "nvidia", count: 0 }, 'GPU count must be a positive whole number or "all", not 0'],
      [{ vendor: "nvidia", count: 1, deviceIds: ["0"] }, "a GPU request gives either deviceIds or a count, not both"],
      [{ vendor: "nvidia", deviceIds: [] }, "GPU deviceIds is empty: leave it out to ask for a count or all"],
      [{ vendor: "tpu" as "nvidia" }, 'GPU vendor must be one of nvidia, amd, intel, not "tpu"'],
    ];
    for (const [request, message] of cases) {
      expect(() => gpuHostConfig(request)).toThrow(BadRequest);
      expect(() => gpuHostConfig(request)).toThrow(message);
    }
  });
});

describe("gpuRequestFromEnv", () => {
  it("asks for nothing when the step asked for no GPUs and Batch assigned none", () => {
    expect(gpuRequestFromEnv({})).toBeUndefined();
    expect(gpuRequestFromEnv({ BC_GPUS: "0" })).toBeUndefined();
    expect(gpuRequestFromEnv({ NVIDIA_VISIBLE_DEVICES: "void" })).toBeUndefined();
  });

  it("passes exactly the devices Batch assigned", () => {
    expect(gpuRequestFromEnv({ BC_GPUS: "2", NVIDIA_VISIBLE_DEVICES: "1, 3" })).toEqual({ vendor: "nvidia", deviceIds: ["1", "3"] });
  });

  it("asks for the step's count, or all, when Batch named no devices", () => {
    expect(gpuRequestFromEnv({ BC_GPUS: "2" })).toEqual({ vendor: "nvidia", count: 2 });
    expect(gpuRequestFromEnv({ BC_GPUS: "all" })).toEqual({ vendor: "nvidia", count: "all" });
    expect(gpuRequestFromEnv({ NVIDIA_VISIBLE_DEVICES: "all" })).toEqual({ vendor: "nvidia", count: "all" });
  });

  it("takes the vendor from BC_GPU_VENDOR, where NVIDIA's variable means nothing", () => {
    expect(gpuRequestFromEnv({ BC_GPU_VENDOR: "amd", BC_GPUS: "all", NVIDIA_VISIBLE_DEVICES: "0" })).toEqual({ vendor: "amd", count: "all" });
  });

  it("refuses values it cannot read", () => {
    expect(() => gpuRequestFromEnv({ BC_GPUS: "two" })).toThrow('BC_GPUS must be a whole number of GPUs or "all", not "two"');
    expect(() => gpuRequestFromEnv({ BC_GPU_VENDOR: "ati" })).toThrow('BC_GPU_VENDOR must be one of nvidia, amd, intel, not "ati"');
  });
});
