import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContainerMetadata } from "../../../runner-image/src/containerMetadata";
import { RunnerError } from "../../../runner-image/src/errors";

/** A container response of ECS task metadata v4, trimmed to what the runner reads (and a little more). */
const CONTAINER_METADATA = {
  DockerId: "abc",
  Name: "default",
  Limits: { CPU: 2048, Memory: 4096 },
  Volumes: [
    { DockerName: "docker_socket", Source: "/var/run/docker.sock", Destination: "/var/run/docker.sock" },
    { DockerName: "scratch", Source: "/scratch", Destination: "/_bclaw_scratch" },
  ],
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/v4/task-ok") response.end(JSON.stringify(CONTAINER_METADATA));
    else if (request.url === "/v4/bare") response.end(JSON.stringify({ DockerId: "abc" }));
    else response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("readContainerMetadata", () => {
  it("reads the bind mounts and the limits, CPU units as CPUs", async () => {
    expect(await readContainerMetadata(`${base}/v4/task-ok`)).toEqual({
      volumes: [
        { source: "/var/run/docker.sock", destination: "/var/run/docker.sock" },
        { source: "/scratch", destination: "/_bclaw_scratch" },
      ],
      resources: { cpus: 2, memoryMiB: 4096 },
    });
  });

  it("gives no limits or mounts where the response has none", async () => {
    expect(await readContainerMetadata(`${base}/v4/bare`)).toEqual({ volumes: [], resources: {} });
  });

  it("fails with the endpoint named when it does not answer well", async () => {
    const failure = readContainerMetadata(`${base}/v4/broken`);
    await expect(failure).rejects.toBeInstanceOf(RunnerError);
    await expect(failure).rejects.toThrow(`cannot read the container's ECS metadata at ${base}/v4/broken: HTTP 500`);
  });
});
