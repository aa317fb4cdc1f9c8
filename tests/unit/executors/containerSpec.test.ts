import { describe, expect, it } from "vitest";
import { RUNNER_ID_LABEL, type ExecRequest } from "../../../runner-image/src/executors";
import { containerSpec } from "../../../runner-image/src/executors/containerSpec";

const request: ExecRequest = {
  workspace: "/scratch/tmpabc",
  workdir: "/_bclaw_scratch",
  image: { name: "ubuntu:22.04" },
  command: ["sh", "-veu", "_commands.sh"],
  env: { BC_STEP_NAME: "Align", WITH_EQUALS: "a=b" },
  labels: { "stepbatch.step": "Align", [RUNNER_ID_LABEL]: "forged" },
};

describe("containerSpec", () => {
  it("runs the command with the entrypoint cleared, an init, the workspace as the only mount and working directory", () => {
    const spec = containerSpec(request, "job-1", { runnerId: "runner-7" });
    expect(spec).toEqual({
      name: "stepbatch-job-1",
      Image: "ubuntu:22.04",
      Entrypoint: [],
      Cmd: ["sh", "-veu", "_commands.sh"],
      WorkingDir: "/_bclaw_scratch",
      Env: ["BC_STEP_NAME=Align", "WITH_EQUALS=a=b"],
      Labels: { "stepbatch.step": "Align", [RUNNER_ID_LABEL]: "runner-7" },
      HostConfig: { Init: true, Mounts: [{ Type: "bind", Source: "/scratch/tmpabc", Target: "/_bclaw_scratch" }] },
    });
  });

  it("turns CPUs into CPU shares and memory into a hard limit, and sets the network mode", () => {
    const spec = containerSpec({ ...request, resources: { cpus: 4, memoryMiB: 2048 } }, "job-1", { runnerId: "r", networkMode: "host" });
    expect(spec.HostConfig).toMatchObject({ CpuShares: 4096, Memory: 2048 * 1024 * 1024, NetworkMode: "host" });
    expect(containerSpec({ ...request, resources: { cpus: 0.001 } }, "job-1", { runnerId: "r" }).HostConfig?.CpuShares).toBe(2);
  });

  it("adds the GPU host config of the request", () => {
    const spec = containerSpec({ ...request, gpu: { vendor: "nvidia", deviceIds: ["2"] } }, "job-1", { runnerId: "r" });
    expect(spec.HostConfig?.DeviceRequests).toEqual([{ Driver: "", DeviceIDs: ["2"], Capabilities: [["gpu", "compute", "utility"]] }]);
  });
});
