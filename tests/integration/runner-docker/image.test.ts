import type Docker from "dockerode";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SCRATCH_PATH } from "../../../shared/compiler/runner";
import { markerKey, repositoryFromUri, writeJobData } from "../../../shared/repository";
import { S3Store } from "../../../shared/store";
import { startS3Server, type S3Server } from "../../support/s3server";
import { RUNNER_IMAGE, batchEnvironment, commandLine, containersOfExecution, probeRunnerImage } from "./support";

const engine = await probeRunnerImage("the runner-image tests");

const BUCKET = "runner-image";
/** Where the runner reaches the host's engine: the socket, mounted at the same path. */
const DOCKER_SOCKET = "/var/run/docker.sock";
/** The runner starts and finishes a one-line step in about a second here; a hung one must not hang the suite. */
const RUN_TIMEOUT_MS = 20_000;

interface ContainerRun {
  code: number;
  records: Array<{ level: string; message: string }>;
  stderr: string;
}

describe.skipIf(engine.docker === undefined)("the runner inside its image", () => {
  const docker = engine.docker as Docker;
  let server: S3Server;
  let store: S3Store;
  let scratch: string;

  beforeAll(async () => {
    server = await startS3Server({ buckets: [BUCKET] });
    store = new S3Store(server.client);
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), "stepbatch-runner-image-"));
  });
  afterEach(() => rm(scratch, { recursive: true, force: true }));

  /**
   * Runs `stepbatch-runner …` as Batch does: in the runner image, with the host's socket mounted,
   * host networking (to reach s3rver on 127.0.0.1), and the host's scratch folder mounted at
   * /_bclaw_scratch, whose host path BC_HOST_SCRATCH_PATH names for the sibling's bind mount.
   */
  async function runInImage(argv: string[], env: Record<string, string>): Promise<ContainerRun> {
    const container = await docker.createContainer({
      Image: RUNNER_IMAGE,
      Cmd: ["stepbatch-runner", ...argv],
      Env: Object.entries({
        ...env,
        BC_SCRATCH_PATH: SCRATCH_PATH,
        BC_HOST_SCRATCH_PATH: scratch,
        AWS_ENDPOINT_URL_S3: server.endpoint,
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        // s3rver stores aws-chunked bodies with their framing; plain bodies avoid it.
        AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
        AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
      }).map(([name, value]) => `${name}=${value}`),
      HostConfig: { NetworkMode: "host", Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}`, `${scratch}:${SCRATCH_PATH}`] },
    });
    try {
      await container.start();
      const { StatusCode } = (await Promise.race([
        container.wait(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`the runner did not finish within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS)),
      ])) as { StatusCode: number };
      const stdout = await container.logs({ stdout: true, stderr: false });
      const stderr = await container.logs({ stdout: false, stderr: true });
      return { code: StatusCode, records: demux(stdout).map((line) => JSON.parse(line)), stderr: demux(stderr).join("\n") };
    } finally {
      await container.remove({ force: true });
    }
  }

  it("starts the step's container as a sibling through the mounted socket, with the host path of the workspace", async () => {
    const repo = repositoryFromUri(`s3://${BUCKET}/runs/in-image`);
    await writeJobData(store, repo, { job: { name: "world" }, scatter: {}, parent: {} });
    await store.put(BUCKET, `${repo.prefix}/in.txt`, "hello\n");
    const env = batchEnvironment();

    const run = await runInImage(
      commandLine(repo, {
        commands: ['cat ${in} > out.txt', 'echo "${job.name} from $(cat /etc/hostname)" >> out.txt', "echo child-says-hi"],
        inputs: { in: "in.txt" },
        outputs: { out: { path: "out.txt", s3Tags: {} } },
        skip: "rerun",
      }),
      env,
    );

    expect(run.records.filter((r) => r.level === "error")).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    const [greeting, from] = (await store.getBytes(BUCKET, `${repo.prefix}/out.txt`)).toString().split("\n");
    expect(greeting).toBe("hello");
    // The child's hostname is its own container id, not the runner's.
    expect(from).toMatch(/^world from [0-9a-f]{12}$/);
    expect(run.records).toContainEqual(expect.objectContaining({ level: "user_cmd", message: "child-says-hi" }));
    expect((await store.head(BUCKET, markerKey(repo, "Align")))?.metadata).toMatchObject({ execution_id: env.BC_EXECUTION_ID });
    expect(await containersOfExecution(docker, env.BC_EXECUTION_ID)).toEqual([]);
    expect((await readdir(scratch)).filter((name) => name.startsWith("workspace-"))).toEqual([]);
  });
});

/** The lines of a non-TTY container's log, without the engine's 8-byte frame headers. */
function demux(buffer: Buffer): string[] {
  let text = "";
  for (let at = 0; at + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(at + 4);
    text += buffer.subarray(at + 8, at + 8 + size).toString();
    at += 8 + size;
  }
  return text.split("\n").filter((line) => line !== "");
}
