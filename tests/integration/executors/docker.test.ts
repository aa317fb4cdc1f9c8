import type Docker from "dockerode";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Cancelled,
  DockerExecutor,
  GpuUnavailable,
  ImageUnavailable,
  RUNNER_ID_LABEL,
  StartFailed,
  type ExecRequest,
  type LogStream,
  type RegistryAuthProvider,
} from "../../../runner-image/src/executors";
import { describeExecutorContract, until } from "./contract";
import { probeDockerEngine } from "./engine";

const engine = await probeDockerEngine("the docker executor tests");

/** Built offline by .ci/provision-docker.sh: busybox with sh. */
const BUSYBOX = "stepbatch/busybox:local";
/** Where the runner puts the workspace in the child (the reference's path). */
const WORKDIR = "/_bclaw_scratch";

function dockerRequest(workspace: string, script: string): ExecRequest {
  return {
    workspace,
    workdir: WORKDIR,
    image: { name: BUSYBOX },
    command: ["sh", "-c", script],
    env: {},
    labels: { "test.suite": "docker" },
    pullPolicy: "never",
  };
}

async function containersWith(docker: Docker, labels: Record<string, string>): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) } });
}

describe.skipIf(engine.docker === undefined)("DockerExecutor against the real engine", () => {
  const docker = engine.docker!;

  describeExecutorContract("DockerExecutor", async () => {
    const executor = new DockerExecutor(docker, { runnerId: `test-${randomUUID()}` });
    return {
      executor,
      request: dockerRequest,
      childrenWith: async (labels) => (await containersWith(docker, labels)).length,
      otherRunner: () => new DockerExecutor(docker, { runnerId: `other-${randomUUID()}` }),
      // Also what another runner of a failed test left.
      stop: async () => {
        await executor.cleanup({ "test.suite": "docker" });
      },
    };
  });

  describe("DockerExecutor's containers", () => {
    const runnerId = `test-${randomUUID()}`;
    const logged: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const executor = new DockerExecutor(docker, { runnerId, networkMode: "host", log: (message, fields) => logged.push({ message, fields }) });
    let workspace: string;

    beforeAll(async () => {
      workspace = await mkdtemp(join(tmpdir(), "stepbatch-docker-"));
    });
    afterAll(async () => {
      await executor.cleanup({ [RUNNER_ID_LABEL]: runnerId });
      await rm(workspace, { recursive: true, force: true });
    });

    function request(script: string, extra: Partial<ExecRequest> = {}): ExecRequest {
      return { ...dockerRequest(workspace, script), labels: { "test.case": randomUUID() }, ...extra };
    }

    it("gives the child only its workspace, its environment and labels, CPU and memory limits, an init and host networking", async () => {
      const req = { ...request(""), command: ["sleep", "30"], env: { GREETING: "hi" }, resources: { cpus: 2, memoryMiB: 256 } };
      const id = await executor.start(req);
      const [info] = await containersWith(docker, req.labels);
      const inspected = await docker.getContainer(info.Id).inspect();
      await executor.cancel(id, { signal: "SIGKILL", graceMs: 0 });

      expect(inspected.Name).toBe(`/stepbatch-${id}`);
      expect(inspected.Config.Env).toContain("GREETING=hi");
      expect(inspected.Config.Labels).toMatchObject({ ...req.labels, [RUNNER_ID_LABEL]: runnerId });
      expect(inspected.Config.WorkingDir).toBe(WORKDIR);
      expect(inspected.Mounts).toEqual([expect.objectContaining({ Type: "bind", Source: workspace, Destination: WORKDIR, RW: true })]);
      expect(inspected.HostConfig).toMatchObject({ Init: true, CpuShares: 2048, Memory: 256 * 1024 * 1024, NetworkMode: "host" });
      expect((await executor.wait(id)).status).toBe("cancelled");
      expect(await containersWith(docker, req.labels)).toEqual([]);
    });

    it("runs the command itself, not the image's entrypoint", async () => {
      const image = `stepbatch/executor-entrypoint-test:${randomUUID().slice(0, 8)}`;
      const base = await docker.createContainer({ Image: BUSYBOX, Cmd: ["true"] });
      const [repo, tag] = image.split(":");
      await base.commit({ repo, tag, changes: ['ENTRYPOINT ["echo", "from the entrypoint"]'] });
      await base.remove();
      const lines: string[] = [];
      try {
        const result = await executor.run({ ...request(""), image: { name: image }, command: ["echo", "from the command"], onLog: (line) => lines.push(line) });
        expect(result.status).toBe("succeeded");
        expect(lines).toEqual(["from the command"]);
      } finally {
        await docker.getImage(image).remove();
      }
    });

    it("reports a program the image lacks as the init does: failed, 127, its message on stderr", async () => {
      const lines: Record<LogStream, string[]> = { stdout: [], stderr: [] };
      const req = { ...request(""), command: ["no-such-program"], onLog: (line: string, stream: LogStream) => lines[stream].push(line) };
      const result = await executor.run(req);

      expect(result).toMatchObject({ status: "failed", exitCode: 127 });
      expect(lines.stderr.join("\n")).toContain("exec no-such-program failed");
      expect(await containersWith(docker, req.labels)).toEqual([]);
    });

    it("passes the engine's refusal of a workspace that is not there on as StartFailed", async () => {
      const missing = join(workspace, "no-such-folder");
      const error = await executor.start({ ...request("true"), workspace: missing }).catch((e: Error) => e);

      expect(error).toBeInstanceOf(StartFailed);
      expect((error as Error).message).toBe(
        `the Docker engine could not start the step's container: invalid mount config for type "bind": bind source path does not exist: ${missing}`,
      );
    });

    it("reaches a server on the host's 127.0.0.1 with host networking", async () => {
      const server = createServer((_request, response) => response.end("pong\n"));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      const lines: string[] = [];
      try {
        const result = await executor.run(request(`wget -q -O - http://127.0.0.1:${port}/`, { onLog: (line) => lines.push(line) }));
        expect(result.status).toBe("succeeded");
        expect(lines).toEqual(["pong"]);
      } finally {
        server.close();
      }
    });

    it("reports a container killed for memory as oomKilled, exit 137", async () => {
      const result = await executor.run(request("x=$(head -c 80000000 /dev/zero | tr '\\0' a); echo ${#x}", { resources: { memoryMiB: 16 } }));
      expect(result).toMatchObject({ status: "failed", exitCode: 137, oomKilled: true });
    });

    it("uses the image on the host with if-not-present, and refuses a missing one with never", async () => {
      // Nothing can be pulled here: a pull of the local-only busybox image would fail.
      expect((await executor.run(request("true", { pullPolicy: "if-not-present" }))).status).toBe("succeeded");

      const req = request("true", { image: { name: "stepbatch/no-such-image:local" }, pullPolicy: "never" });
      const error = await executor.start(req).catch((e: Error) => e);
      expect(error).toBeInstanceOf(ImageUnavailable);
      expect((error as Error).message).toBe("image stepbatch/no-such-image:local is not on this host, and the pull policy is never");
      expect(await containersWith(docker, req.labels)).toEqual([]);
    });

    it("reports a registry it cannot reach as ImageUnavailable, saying why", async () => {
      const error = await executor.start(request("true", { image: { name: "127.0.0.1:1/team/tool:1" }, pullPolicy: "always" })).catch((e: Error) => e);
      expect(error).toBeInstanceOf(ImageUnavailable);
      expect((error as Error).message).toMatch(/^could not pull image 127\.0\.0\.1:1\/team\/tool:1: .*connection refused/);
    });

    describe("with a registry on 127.0.0.1 that wants credentials", () => {
      const password = `pw-${randomUUID()}`;
      const authorizations: string[] = [];
      let registry: Server;
      let host: string;

      beforeAll(async () => {
        registry = createServer((incoming, response) => {
          if (incoming.headers.authorization === undefined) {
            response.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"', "Docker-Distribution-API-Version": "registry/2.0" }).end();
            return;
          }
          authorizations.push(incoming.headers.authorization);
          response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
        });
        await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
        host = `127.0.0.1:${(registry.address() as { port: number }).port}`;
      });
      afterAll(() => {
        registry.close();
      });

      it("pulls with the provider's credentials, which appear in no error and no log line", async () => {
        const registryAuth: RegistryAuthProvider = { credentialsFor: async () => ({ username: "robot", password, serveraddress: host }) };
        const logs: string[] = [];
        const withAuth = new DockerExecutor(docker, { runnerId, registryAuth, log: (message, fields) => logs.push(message + JSON.stringify(fields)) });
        const error = await withAuth.start(request("true", { image: { name: `${host}/team/tool:1`, auth: "secret-name" }, pullPolicy: "always" })).catch((e: Error) => e);

        expect(error).toBeInstanceOf(ImageUnavailable);
        expect((error as Error).message).toContain(`could not pull image ${host}/team/tool:1`);
        expect(authorizations).toContain(`Basic ${Buffer.from(`robot:${password}`).toString("base64")}`);
        expect((error as Error).message).not.toContain(password);
        expect(logs.join("\n")).not.toContain(password);
        expect(logs.join("\n")).toContain("pulling image");
      });
    });

    describe("with a registry that never answers", () => {
      let silent: TcpServer;
      const sockets: Socket[] = [];

      beforeAll(async () => {
        silent = createTcpServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      });
      afterAll(() => {
        for (const socket of sockets) socket.destroy();
        silent.close();
      });

      it("abandons a start still pulling when the job is cancelled", async () => {
        const image = `127.0.0.1:${(silent.address() as { port: number }).port}/team/tool:1`;
        const req = request("true", { id: `pulling-${randomUUID()}`, image: { name: image }, pullPolicy: "always" });
        const starting = executor.start(req).catch((e: Error) => e);
        await until(() => sockets.length > 0);
        const cancelled = Date.now();
        await executor.cancel(req.id!, { signal: "SIGTERM", graceMs: 1_000 });

        expect(await starting).toBeInstanceOf(Cancelled);
        expect(Date.now() - cancelled).toBeLessThan(2_000);
        expect(await containersWith(docker, req.labels)).toEqual([]);
      });
    });

    describe("GPUs on a host without any", () => {
      it("passes the engine's refusal of NVIDIA GPUs on as GpuUnavailable, leaving no container", async () => {
        const req = request("nvidia-smi", { gpu: { vendor: "nvidia", count: "all" } });
        const error = await executor.start(req).catch((e: Error) => e);

        expect(error).toBeInstanceOf(GpuUnavailable);
        expect(error).toMatchObject({ code: "GpuUnavailable", name: "GpuUnavailable" });
        expect((error as Error).message).toMatch(/^the Docker engine cannot give this step NVIDIA GPUs \(all\): could not select device driver "" with capabilities: \[\[gpu compute utility\]\]/);
        expect((error as Error).message).not.toMatch(/\n\s+at /);
        expect(await containersWith(docker, req.labels)).toEqual([]);
      });

      it("passes the refusal of AMD GPUs (no /dev/kfd) on as GpuUnavailable", async () => {
        const error = await executor.start(request("true", { gpu: { vendor: "amd", deviceIds: ["renderD128"] } })).catch((e: Error) => e);

        expect(error).toBeInstanceOf(GpuUnavailable);
        expect((error as Error).message).toContain('adding custom device "/dev/kfd"');
      });
    });

    it("logs the image's id before running", async () => {
      logged.length = 0;
      await executor.run(request("true"));
      expect(logged).toContainEqual({ message: "image ready", fields: expect.objectContaining({ image: BUSYBOX, id: expect.stringMatching(/^sha256:[0-9a-f]{12}$/) }) });
    });

    it("streams interleaved output of both streams, each in order, while the command runs", async () => {
      const lines: Record<LogStream, string[]> = { stdout: [], stderr: [] };
      const id = await executor.start(request("echo first; sleep 0.5; echo second >&2", { onLog: (line, stream) => lines[stream].push(line) }));
      await until(() => lines.stdout.length > 0);
      expect(lines).toEqual({ stdout: ["first"], stderr: [] });
      await executor.wait(id);
      expect(lines).toEqual({ stdout: ["first"], stderr: ["second"] });
    });
  });
});
