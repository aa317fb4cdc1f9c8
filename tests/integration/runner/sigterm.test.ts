import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { markerKey, repositoryFromUri, writeJobData } from "../../../shared/repository";
import { S3Store } from "../../../shared/store";
import { CANCEL_GRACE_MS } from "../../../runner-image/src/signals";
import { startS3Server, type S3Server } from "../../support/s3server";

const MAIN = fileURLToPath(new URL("../../../runner-image/src/main.ts", import.meta.url));
const BUCKET = "runner-signals";

let server: S3Server;
let scratch: string;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  scratch = await mkdtemp(join(tmpdir(), "stepbatch-runner-sigterm-"));
});
afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** Whether a process is alive: a zombie (ended, not yet reaped by whoever adopted it) is not. */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses.
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

it("stops the commands on SIGTERM within the grace period, uploads the outputs, writes no marker and exits 143", async () => {
  const store = new S3Store(server.client);
  const repo = repositoryFromUri(`s3://${BUCKET}/runs/sigterm`);
  await writeJobData(store, repo, { job: {}, scatter: {}, parent: {} });
  const commands = ["echo $$ > shell.pid", "sleep 37 & echo $! > sleep.pid", "echo started", "wait"];

  const runner = spawn(
    process.execPath,
    ["--import", "tsx", MAIN, "--commands", JSON.stringify(commands), "--image", '{"name":"busybox"}', "--repo", repo.uri, "--outputs", '{"pids":{"path":"*.pid","s3Tags":{}}}'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BC_WORKFLOW_NAME: "demo",
        BC_STEP_NAME: "Wait",
        BC_EXECUTION_ID: "exec-sigterm",
        BC_SCRATCH_PATH: scratch,
        BC_EXECUTOR: "local",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_ENDPOINT_URL_S3: server.endpoint,
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        // s3rver stores aws-chunked bodies with their framing; plain bodies avoid it.
        AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
        AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  runner.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const records: Array<{ level: string; message: string }> = [];
  let signalledAt = 0;
  createInterface({ input: runner.stdout }).on("line", (line) => {
    const record = JSON.parse(line) as { level: string; message: string };
    records.push(record);
    if (record.level === "user_cmd" && record.message === "started") {
      signalledAt = Date.now();
      runner.kill("SIGTERM");
    }
  });
  const code = await new Promise<number | null>((resolve) => runner.once("exit", (exitCode) => resolve(exitCode)));

  expect(signalledAt, `the commands never started; stderr: ${stderr}`).toBeGreaterThan(0);
  expect(code, stderr).toBe(143);
  expect(Date.now() - signalledAt).toBeLessThan(CANCEL_GRACE_MS);
  const pids = await Promise.all(["shell.pid", "sleep.pid"].map(async (name) => Number((await store.getBytes(BUCKET, `${repo.prefix}/${name}`)).toString())));
  for (const pid of pids) expect(await isRunning(pid), `process ${pid} of the commands is still running`).toBe(false);
  expect(await store.head(BUCKET, markerKey(repo, "Wait"))).toBeNull();
  expect(records.filter((record) => record.level === "error").map((record) => record.message)).toEqual([expect.stringContaining("received SIGTERM")]);
  expect((await readdir(scratch)).filter((name) => name.startsWith("workspace-"))).toEqual([]);
});
