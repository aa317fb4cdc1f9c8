import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../../functions/notifications/handler";

/** The account and region come from the invoked function's ARN, as in Lambda. */
const CONTEXT = { invokedFunctionArn: "arn:aws:lambda:eu-central-1:210987654321:function:stepbatch-dev-notifications" } as Context;

const sns = mockClient(SNSClient);

async function sampleEvent(name: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`../../../functions/notifications/events/${name}`, import.meta.url), "utf8"));
}

describe("the notifications handler with its sample events", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);

  beforeAll(() => {
    for (const name of ["AWS_REGION", "AWS_ACCOUNT_ID", "STEPBATCH_TOPIC_ARN"]) vi.stubEnv(name, "");
    vi.stubEnv("STEPBATCH_INSTALLATION", "stepbatch-dev");
  });
  afterAll(() => {
    log.mockRestore();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  });

  const samples: Array<[string, string]> = [
    ["succeeded.json", "demo: job succeeded"],
    ["failed.json", "demo: job failed"],
    ["aborted.json", "demo: job aborted"],
    ["pending-redrive.json", "demo: job pending_redrive"],
  ];

  it.each(samples)("%s is published to the installation's topic as %j", async (name, subject) => {
    const result = await handler(await sampleEvent(name), CONTEXT);

    expect(result).toMatchObject({ sent: true, subject });
    const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ TopicArn: "arn:aws:sns:eu-central-1:210987654321:stepbatch-dev-notifications", Subject: subject });
    expect(JSON.parse(log.mock.calls.at(-1)?.[0])).toMatchObject({ level: "info", message: "published", lambda: "notifications", subject });
  });
});
