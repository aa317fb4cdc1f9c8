import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handler } from "../../../functions/initializer/handler";
import { S3Store } from "../../../shared/store";
import { startS3Server, type S3Server } from "../../support/s3server";

const LAUNCHER = "stepbatch-launcher-123456789012";
const RESULTS = "stepbatch-demo";
const CONTEXT = { invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:stepbatch-dev-initializer" } as Context;

async function sampleEvent(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(`../../../functions/initializer/events/${name}`, import.meta.url), "utf8"));
}

describe("the initializer handler with its sample events, over S3 at AWS_ENDPOINT_URL_S3", () => {
  let server: S3Server;
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);

  beforeAll(async () => {
    server = await startS3Server({ buckets: [LAUNCHER, RESULTS] });
    await server.client.send(new PutObjectCommand({ Bucket: LAUNCHER, Key: "demo/batch-7/sample1.json", Body: '{"sample": "S1"}' }));
    vi.stubEnv("AWS_ENDPOINT_URL_S3", server.endpoint);
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
    vi.stubEnv("STEPBATCH_LAUNCHER_BUCKET", LAUNCHER);
  });
  afterAll(async () => {
    log.mockRestore();
    vi.unstubAllEnvs();
    await server?.stop();
  });

  it("job-file.json makes the repository and returns the job object", async () => {
    const result = await handler(await sampleEvent("job-file.json"), CONTEXT);

    expect(result).toEqual({
      index: "main",
      job_file: { bucket: LAUNCHER, key: "demo/batch-7/sample1.json", version: "" },
      repo: { bucket: RESULTS, prefix: "demo/S1", uri: `s3://${RESULTS}/demo/S1` },
      prev_outputs: {},
      share_id: "demo",
    });
    const store = new S3Store(server.client);
    expect(JSON.parse((await store.getBytes(RESULTS, "demo/S1/_JOB_DATA_")).toString())).toEqual({ job: { sample: "S1" }, scatter: {}, parent: {} });
    expect(JSON.parse(log.mock.calls.at(-1)?.[0])).toMatchObject({ message: "initialized", lambda: "initializer", step_name: "Initialize", workflow_name: "demo" });
  });

  it("subpipe.json passes the parent's job object through", async () => {
    const event = await sampleEvent("subpipe.json");

    expect(await handler(event, CONTEXT)).toEqual(event.input_obj);
  });
});
