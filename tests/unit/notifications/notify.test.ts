import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { loadAll } from "js-yaml";
import { beforeEach, describe, expect, it } from "vitest";
import { SnsNotifier } from "../../../shared/aws";
import { MAX_SUBJECT_LENGTH, notifyStatusChange, StatusEventError } from "../../../shared/notifications";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:stepbatch-notifications";
const EXECUTION_ARN = "arn:aws:states:us-east-1:123456789012:execution:demo:batch-7-sample1_IYV3p45B";
const JOB_FILE = { bucket: "stepbatch-launcher-123456789012", key: "demo/batch-7/sample1.json", version: "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" };

const sns = mockClient(SNSClient);

function statusChange(status: string, detail: Record<string, unknown> = {}) {
  return {
    version: "0",
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    region: "us-east-1",
    detail: {
      executionArn: EXECUTION_ARN,
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:demo",
      name: "batch-7-sample1_IYV3p45B",
      status,
      input: JSON.stringify({ job_file: JOB_FILE, index: "main" }),
      ...detail,
    },
  };
}

describe("notifyStatusChange", () => {
  const services = ({ topicArn }: { topicArn?: string } = { topicArn: TOPIC }) => ({
    notifier: new SnsNotifier(new SNSClient({ region: "us-east-1" })),
    settings: { region: "us-east-1", accountId: "123456789012", launcherBucket: JOB_FILE.bucket, topicArn },
  });
  const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  });

  it("publishes a finished run to the topic with filterable String attributes, a subject and a two-document YAML message", async () => {
    const result = await notifyStatusChange(services(), statusChange("SUCCEEDED"));

    expect(result.sent).toBe(true);
    const [publish] = published();
    expect(publish).toMatchObject({ TopicArn: TOPIC, Subject: "demo: job succeeded" });
    expect(publish.Message).toContain(`sfn_console_link: https://console.aws.amazon.com/states/home?region=us-east-1#/executions/details/${EXECUTION_ARN}\n`);
    expect(publish.MessageAttributes).toEqual({
      status: { DataType: "String", StringValue: "SUCCEEDED" },
      workflow_name: { DataType: "String", StringValue: "demo" },
      execution_id: { DataType: "String", StringValue: "batch-7-sample1_IYV3p45B" },
      job_file_bucket: { DataType: "String", StringValue: JOB_FILE.bucket },
      job_file_key: { DataType: "String", StringValue: JOB_FILE.key },
      job_file_version: { DataType: "String", StringValue: JOB_FILE.version },
    });
    expect(loadAll(publish.Message ?? "")).toEqual([
      "Job batch-7-sample1_IYV3p45B ('sample1.json') on workflow demo has finished.",
      {
        details: {
          workflow_name: "demo",
          execution_id: "batch-7-sample1_IYV3p45B",
          job_status: "SUCCEEDED",
          job_data: `s3://${JOB_FILE.bucket}/${JOB_FILE.key}`,
          job_data_version: JOB_FILE.version,
          sfn_console_link: `https://console.aws.amazon.com/states/home?region=us-east-1#/executions/details/${EXECUTION_ARN}`,
        },
      },
    ]);
  });

  const sentences: Array<[string, string]> = [
    ["RUNNING", "has started"],
    ["SUCCEEDED", "has finished"],
    ["FAILED", "has failed"],
    ["ABORTED", "has been aborted"],
    ["TIMED_OUT", "has timed out"],
    ["PENDING_REDRIVE", "is being redriven"],
    ["SOME_NEW_STATUS", "has status SOME_NEW_STATUS"],
  ];

  it.each(sentences)("says a %s run %s, with that status in the subject and attributes", async (status, phrase) => {
    await notifyStatusChange(services(), statusChange(status));

    const [publish] = published();
    expect(loadAll(publish.Message ?? "")[0]).toBe(`Job batch-7-sample1_IYV3p45B ('sample1.json') on workflow demo ${phrase}.`);
    expect(publish.Subject).toBe(`demo: job ${status.toLowerCase()}`);
    expect(publish.MessageAttributes?.status).toEqual({ DataType: "String", StringValue: status });
  });

  it("names the workflow, not the alias, for a run of an alias or version", async () => {
    await notifyStatusChange(services(), statusChange("RUNNING", { stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:demo:current" }));

    expect(published()[0].MessageAttributes?.workflow_name?.StringValue).toBe("demo");
  });

  it("leaves out the version attribute of an unversioned job file (SNS refuses empty values)", async () => {
    await notifyStatusChange(services(), statusChange("FAILED", { input: JSON.stringify({ job_file: { ...JOB_FILE, version: "" } }) }));

    expect(Object.keys(published()[0].MessageAttributes ?? {})).toEqual(["status", "workflow_name", "execution_id", "job_file_bucket", "job_file_key"]);
  });

  it("keeps the subject within SNS's limit for a long workflow name", async () => {
    const name = "w".repeat(120);
    await notifyStatusChange(services(), statusChange("PENDING_REDRIVE", { stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${name}` }));

    expect(published()[0].Subject).toHaveLength(MAX_SUBJECT_LENGTH);
  });

  const notStepbatch: Array<[string, string | null]> = [
    ["an input without job_file", JSON.stringify({ some: "input" })],
    ["no input", null],
    ["an input that is not JSON", "{{"],
  ];

  it.each(notStepbatch)("sends nothing for an execution with %s, and says why", async (_, input) => {
    const result = await notifyStatusChange(services(), statusChange("SUCCEEDED", { input }));

    expect(result).toEqual({ sent: false, reason: `execution ${EXECUTION_ARN} has no job_file in its input: not a run started by a job file` });
    expect(published()).toEqual([]);
  });

  it("refuses an event that is not a status change", async () => {
    const error = await notifyStatusChange(services(), { "detail-type": "Object Created", detail: {} }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StatusEventError);
    expect((error as StatusEventError).message).toContain('detail-type is "Object Created"');
  });

  it("fails with NoTopic when the settings name no topic", async () => {
    const error = await notifyStatusChange(services({}), statusChange("SUCCEEDED")).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "NoTopic" });
    expect(published()).toEqual([]);
  });
});
