import type { Context } from "aws-lambda";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { handler as chooser } from "../../../functions/chooser/handler";
import { handler as gather } from "../../../functions/gather/handler";
import { handler as scatterInit } from "../../../functions/scatter-init/handler";
import { handler as scatter } from "../../../functions/scatter/handler";
import { handler as subpipes } from "../../../functions/subpipes/handler";
import { S3Store, parseS3Uri } from "../../../shared/store";
import { startS3Server, type S3Server } from "../../support/s3server";

// The handlers as Lambda runs them (middy, Services from the environment), fed their sample events
// against a real S3-protocol server seeded as the samples expect.

const DEMO_BUCKET = "stepbatch-demo";
const REPO = `s3://${DEMO_BUCKET}/scatter/run1`;
const context = { invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:step" } as Context;
/** What production reads from the environment, pointed at the test server. */
const ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  AWS_REGION: "us-east-1",
  AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
  AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
};

let server: S3Server;
let store: S3Store;
const logged: string[] = [];
const saved = { ...process.env };

const sample = async (name: string): Promise<unknown> => JSON.parse(await readFile(new URL(`../../../functions/${name}.json`, import.meta.url), "utf8"));
const read = async (uri: string) => (await store.getBytes(parseS3Uri(uri).bucket, parseS3Uri(uri).key)).toString("utf8");
const put = (uri: string, body: string) => store.put(parseS3Uri(uri).bucket, parseS3Uri(uri).key, body);

beforeAll(async () => {
  server = await startS3Server({ buckets: [DEMO_BUCKET] });
  store = new S3Store(server.client);
  Object.assign(process.env, ENVIRONMENT, { AWS_ENDPOINT_URL_S3: server.endpoint });
  vi.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
  await put(`${REPO}/_JOB_DATA_`, JSON.stringify({ job: { run_id: "run1", samples: ["S1", "S2", "S3"] }, scatter: {}, parent: {} }));
  await put(`${REPO}/config.txt`, "3\n");
  for (const n of [1, 2]) await put(`s3://${DEMO_BUCKET}/chunks/run1/chunk_${n}.txt`, `chunk ${n}\n`);
});
afterAll(async () => {
  vi.restoreAllMocks();
  process.env = saved;
  await server?.stop();
});

it("scatter, scatter-init and gather run their sample events", async () => {
  expect(await scatter(await sample("scatter/events/static-list-and-glob"), context)).toEqual({
    items: { bucket: DEMO_BUCKET, key: "scatter/run1/PerSample/items.jsonl" },
    repo: { bucket: DEMO_BUCKET, prefix: "scatter/run1/PerSample", uri: `${REPO}/PerSample` },
  });
  expect((await read(`${REPO}/PerSample/items.jsonl`)).trim().split("\n")).toHaveLength(6);

  expect(await scatterInit(await sample("scatter-init/events/branch-0"), context)).toEqual({
    bucket: DEMO_BUCKET,
    prefix: "scatter/run1/PerSample/00000",
    uri: `${REPO}/PerSample/00000`,
  });
  await put(`${REPO}/PerSample/00000/counts.txt`, "2\n");

  expect(await gather(await sample("gather/events/manifest"), context)).toEqual({ manifest: "PerSample_manifest.json" });
  expect(JSON.parse(await read(`${REPO}/PerSample_manifest.json`))).toEqual({ counts: [`${REPO}/PerSample/00000/counts.txt`] });
  const warning = logged.map((line) => JSON.parse(line)).find((line) => line.level === "warning");
  expect(warning).toMatchObject({ lambda: "gather", step_name: "PerSample", workflow_name: "scatter", branch: "main" });
  expect(warning.message).toContain("no file named counts.txt in 5 of 6 branches");
});

it("subpipes runs its submit and retrieve sample events", async () => {
  expect(await subpipes(await sample("subpipes/events/submit"), context)).toEqual({
    sub_repo: { bucket: DEMO_BUCKET, prefix: "scatter/run1/RunChild", uri: `${REPO}/RunChild` },
  });
  expect(await read(`${REPO}/RunChild/config.txt`)).toBe("3\n");

  expect(await subpipes(await sample("subpipes/events/retrieve"), context)).toEqual({});
  expect(await read(`${REPO}/child-config-run1.txt`)).toBe("3\n");
});

it("chooser returns its choice, and fails a false branch condition with the error type ConditionFailed, as Lambda reports it", async () => {
  expect(await chooser(await sample("chooser/events/choices"), context)).toBe("job.run_id == 'run1'");

  const error = await chooser(await sample("chooser/events/branch-condition"), context).then(
    () => undefined,
    (e: Error) => e,
  );
  // Lambda's Node.js runtime reports `errorType: error.name`; middy must hand the error on unchanged.
  expect(error?.name).toBe("ConditionFailed");
  expect(error?.message).toContain(`condition "'S4' in job.samples" is false`);
});

it("fails a malformed event with BadEvent before touching the store", async () => {
  const error = await gather({ repo: REPO, outputs: "not json", step_name: "S" }, context).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.name).toBe("BadEvent");
});
