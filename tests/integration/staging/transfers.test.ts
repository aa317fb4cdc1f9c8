import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { repositoryFromUri } from "../../../shared/repository";
import { S3Store } from "../../../shared/store";
import { StagingError, stageInputs, stageOutputs } from "../../../runner-image/src/staging";
import { startS3Server, type S3Server } from "../../support/s3server";
import { failureOf } from "../stepLambdas/stores";
import { startFlakyProxy, type FlakyProxy } from "./flakyProxy";
import { filesIn, freshFolder } from "./workspace";

// Retries and verification against a real S3-protocol server behind a proxy that throttles, cuts and corrupts.

const BUCKET = "transfers";
const REPO = repositoryFromUri(`s3://${BUCKET}/run`);
const BIG = randomBytes(256 * 1024);

let server: S3Server;
let proxy: FlakyProxy;
let store: S3Store;

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  const direct = new S3Store(server.client);
  await direct.put(BUCKET, "run/a.txt", "alpha");
  await direct.put(BUCKET, "run/big.bin", BIG);
  await direct.put(BUCKET, "run/glob/g.bin", BIG);
  proxy = await startFlakyProxy(server.endpoint);
  store = new S3Store(proxy.client);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});
beforeEach(() => {
  proxy.seen.length = 0;
  proxy.fault = () => "pass";
});

/** A fault for the first request of `method` to a path ending in `suffix`; later ones pass. */
function firstOnly(method: string, suffix: string, fault: ReturnType<FlakyProxy["fault"]>): FlakyProxy["fault"] {
  let done = false;
  return (request) => {
    if (done || request.method !== method || !request.path.split("?")[0].endsWith(suffix)) return "pass";
    done = true;
    return fault;
  };
}

function requests(method: string, suffix: string): number {
  return proxy.seen.filter((request) => request.method === method && request.path.split("?")[0].endsWith(suffix)).length;
}

const stageIn = async (inputs: Record<string, string>) => {
  const workspace = await freshFolder();
  return { workspace, staged: stageInputs({ store, repo: REPO, inputs, workspace, warn: () => undefined }) };
};

it("retries a throttled lookup, a throttled download and a body cut off mid-stream", async () => {
  const faults = [firstOnly("HEAD", "/a.txt", "slow-down"), firstOnly("GET", "/a.txt", "slow-down"), firstOnly("GET", "/big.bin", "reset-mid-body")];
  proxy.fault = (request, index) => faults.map((fault) => fault(request, index)).find((fault) => fault !== "pass") ?? "pass";
  const { workspace, staged } = await stageIn({ a: "a.txt", big: "big.bin" });

  await staged;

  expect(await readFile(join(workspace, "a.txt"), "utf8")).toBe("alpha");
  expect((await readFile(join(workspace, "big.bin"))).equals(BIG)).toBe(true);
  expect([requests("HEAD", "/a.txt"), requests("GET", "/a.txt"), requests("GET", "/big.bin")]).toEqual([2, 2, 2]);
});

it("retries a throttled upload", async () => {
  proxy.fault = firstOnly("PUT", "/out.txt", "slow-down");
  const workspace = await freshFolder();
  await writeFile(join(workspace, "out.txt"), "result");

  const result = await stageOutputs({ store, repo: REPO, outputs: { out: { path: "out.txt", s3Tags: {} } }, workspace, tags: {}, executionId: "e" });

  expect(result.uploaded.map((file) => file.uri)).toEqual([`s3://${BUCKET}/run/out.txt`]);
  expect(requests("PUT", "/out.txt")).toBe(2);
  expect((await new S3Store(server.client).getBytes(BUCKET, "run/out.txt")).toString()).toBe("result");
});

it("fails at once, without retrying, on an error that is not transient", async () => {
  proxy.fault = (request) => (request.method === "GET" ? "deny" : "pass");
  const { workspace, staged } = await stageIn({ a: "a.txt" });

  const error = await failureOf(staged);

  expect((error as StagingError).code).toBe("TransferFailed");
  expect(error.message).toMatch(/^download s3:\/\/transfers\/run\/a\.txt to .*a\.txt failed: access denied/);
  expect(requests("GET", "/a.txt")).toBe(1);
  expect(await filesIn(workspace)).toEqual([]);
});

it("checks a download's MD5 against a single-part ETag, leaving no file when they differ", async () => {
  proxy.fault = (request) => (request.method === "GET" ? "corrupt-body" : "pass");
  const { workspace, staged } = await stageIn({ big: "big.bin" });

  const error = await failureOf(staged);

  expect((error as StagingError).code).toBe("VerificationFailed");
  expect(error.message).toContain("the MD5 of the bytes moved");
  expect(await filesIn(workspace)).toEqual([]);
});

it("checks a download's size where the listing gives no ETag", async () => {
  proxy.fault = (request) => (request.method === "GET" && !request.path.includes("list-type") ? "short-body" : "pass");
  const { staged } = await stageIn({ glob: "glob/*.bin" });

  const error = await failureOf(staged);

  expect((error as StagingError).code).toBe("VerificationFailed");
  expect(error.message).toContain(`moved ${BIG.length / 2} bytes where ${BIG.length} were expected`);
});

it("checks an upload's MD5 against the ETag the store answers with", async () => {
  proxy.fault = (request) => (request.method === "PUT" ? "wrong-etag" : "pass");
  const workspace = await freshFolder();
  await writeFile(join(workspace, "out.txt"), "result");

  const error = await failureOf(
    stageOutputs({ store, repo: REPO, outputs: { out: { path: "out.txt", s3Tags: {} } }, workspace, tags: {}, executionId: "e" }),
  );

  expect((error as StagingError).code).toBe("VerificationFailed");
  expect(error.message).toContain(`upload ${join(workspace, "out.txt")} to s3://${BUCKET}/run/out.txt: the MD5`);
});
