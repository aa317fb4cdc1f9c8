import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { s3serverClient } from "./s3serverClient";

const SERVER_SCRIPT = fileURLToPath(new URL("./s3server-process.mjs", import.meta.url));
/** s3rver starts in well under a second; this leaves room on a busy two-core CI machine. */
const START_TIMEOUT_MS = 15_000;
/** s3rver stops at once when told; one that has not after this long is killed. */
const STOP_TIMEOUT_MS = 5_000;

export interface S3Server {
  /** `http://127.0.0.1:<port>`: an IP address, so no client mistakes it for a virtual-host name. */
  endpoint: string;
  /** A client for this server: path-style, dummy credentials, us-east-1. */
  client: S3Client;
  /** Stops the server and removes its files; safe to call more than once. */
  stop(): Promise<void>;
}

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * Starts a real S3-protocol server (s3rver) on a free port of 127.0.0.1, storing objects in a new
 * temporary folder, with `buckets` created. The server runs in a child process that also ends when
 * this process ends, even if `stop` is never called.
 */
export async function startS3Server({ buckets }: { buckets: string[] }): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), "stepbatch-s3rver-"));
  const server: ServerProcess = spawn(process.execPath, ["--openssl-legacy-provider", SERVER_SCRIPT, directory], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stopServer = async () => {
    await stopProcess(server);
    // The server removes its folder as it stops, unless it had to be killed.
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const endpoint = `http://127.0.0.1:${await readPort(server)}`;
    const client = s3serverClient(endpoint);
    for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      endpoint,
      client,
      stop: async () => {
        client.destroy();
        await stopServer();
      },
    };
  } catch (error) {
    await stopServer();
    throw error;
  }
}

/** The port the server prints once it listens; fails with its error output if it exits or hangs first. */
function readPort(server: ServerProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(`s3rver did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}${stderr ? `:\n${stderr}` : ""}`));
    };
    server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    server.once("exit", (code, signal) => fail(`s3rver exited (${signal ?? `code ${code}`}) before it listened`));
    server.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n")[0];
      if (line === stdout) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}

/** Closes the server's stdin, which stops it; one that has not exited after STOP_TIMEOUT_MS gets SIGKILL. */
async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.stdin.end();
  const timer = setTimeout(() => server.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
