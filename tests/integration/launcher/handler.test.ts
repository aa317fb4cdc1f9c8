import { PutObjectCommand } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../../functions/launcher/handler";
import { startS3Server, type S3Server } from "../../support/s3server";

const LAUNCHER = "stepbatch-launcher-123456789012";
/** The account comes from the invoked function's ARN, as in Lambda (before AWS_ACCOUNT_ID). */
const CONTEXT = { invokedFunctionArn: "arn:aws:lambda:us-east-1:210987654321:function:stepbatch-dev-launcher" } as Context;
const STATE_MACHINES = "arn:aws:states:us-east-1:210987654321:stateMachine";

const sfn = mockClient(SFNClient);

async function sampleEvent(name: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`../../../functions/launcher/events/${name}`, import.meta.url), "utf8"));
}

describe("the launcher handler with its sample events, over S3 at AWS_ENDPOINT_URL_S3", () => {
  let server: S3Server;
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);

  beforeAll(async () => {
    server = await startS3Server({ buckets: [LAUNCHER] });
    for (const key of ["demo/batch-7/sample1.json", "demo:3/batch-7/sample1.json"]) {
      await server.client.send(new PutObjectCommand({ Bucket: LAUNCHER, Key: key, Body: '{"sample": "S1"}' }));
    }
    vi.stubEnv("AWS_ENDPOINT_URL_S3", server.endpoint);
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCOUNT_ID", "999999999999");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
  });
  afterAll(async () => {
    log.mockRestore();
    vi.unstubAllEnvs();
    await server?.stop();
  });
  beforeEach(() => {
    log.mockClear();
    sfn.reset();
    sfn.on(StartExecutionCommand).callsFake((input) => ({ executionArn: `arn:aws:states:us-east-1:210987654321:execution:demo:${input.name}` }));
  });

  it("plain.json starts the workflow's current alias, and logs what it started", async () => {
    const result = await handler(await sampleEvent("plain.json"), CONTEXT);

    expect(result).toMatchObject({ outcome: "started", stateMachineArn: `${STATE_MACHINES}:demo:current`, executionName: "batch-7-sample1_IYV3p45B" });
    const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines.at(-1)).toMatchObject({ level: "info", lambda: "launcher", message: `started execution batch-7-sample1_IYV3p45B of ${STATE_MACHINES}:demo:current` });
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input ?? ""))).toEqual([
      { job_file: { bucket: LAUNCHER, key: "demo/batch-7/sample1.json", version: "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" }, index: "main" },
    ]);
  });

  it("versioned-alias.json starts the version its key names", async () => {
    const result = await handler(await sampleEvent("versioned-alias.json"), CONTEXT);

    expect(result).toMatchObject({ outcome: "started", stateMachineArn: `${STATE_MACHINES}:demo:3`, executionName: "batch-7-sample1_Ph1uGw5M" });
  });

  it("dry-run.json starts nothing and says what it would start", async () => {
    const result = await handler(await sampleEvent("dry-run.json"), CONTEXT);

    expect(result).toMatchObject({ outcome: "dry_run", stateMachineArn: `${STATE_MACHINES}:demo:current`, executionName: "batch-7-sample1_IYV3p45B" });
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });

  it("ignored-tmp.json is ignored", async () => {
    const result = await handler(await sampleEvent("ignored-tmp.json"), CONTEXT);

    expect(result).toMatchObject({ outcome: "ignored", reason: "temporary" });
    expect(sfn.commandCalls(StartExecutionCommand)).toEqual([]);
  });
});
