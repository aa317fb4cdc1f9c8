import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { containerServices, createServices } from "../../../shared/aws";

const ENV = { AWS_REGION: "us-east-1", AWS_ACCOUNT_ID: "123456789012" };
const STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:demo:current";

const sfn = mockClient(SFNClient);
const sns = mockClient(SNSClient);

describe("createServices", () => {
  beforeEach(() => {
    sfn.reset();
    sns.reset();
  });

  it("starts executions through StartExecution", async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:us-east-1:123456789012:execution:demo:run1", startDate: new Date() });

    const result = await createServices(ENV).executions.start({ stateMachineArn: STATE_MACHINE, name: "run1", input: '{"index":"main"}' });

    expect(result).toEqual({ started: true, executionArn: "arn:aws:states:us-east-1:123456789012:execution:demo:run1" });
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn: STATE_MACHINE, name: "run1", input: '{"index":"main"}' },
    ]);
  });

  it("answers ExecutionAlreadyExists with a duplicate, and lets other errors through", async () => {
    const services = createServices(ENV);
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(new ExecutionAlreadyExists({ message: "Execution Already Exists: 'run1'", $metadata: {} }))
      .rejects(Object.assign(new Error("no such state machine"), { name: "StateMachineDoesNotExist" }));

    const request = { stateMachineArn: STATE_MACHINE, name: "run1", input: "{}" };
    expect(await services.executions.start(request)).toEqual({ started: false, reason: "duplicate" });
    await expect(services.executions.start(request)).rejects.toMatchObject({ name: "StateMachineDoesNotExist" });
  });

  it("stops executions through StopExecution", async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const request = { executionArn: "arn:aws:states:us-east-1:123456789012:execution:demo:run1", error: "QCFailed", cause: "coverage < 30" };

    await createServices(ENV).executions.stop(request);

    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input)).toEqual([request]);
  });

  it("publishes through SNS with String attributes", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });

    await createServices(ENV).notifier.publish({ topicArn: "arn:aws:sns:us-east-1:123456789012:t", subject: "s", message: "m", attributes: { status: "FAILED", empty: "" } });

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Subject: "s", Message: "m", MessageAttributes: { status: { DataType: "String", StringValue: "FAILED" } } },
    ]);
  });

  it("makes each client once, on first use", () => {
    const services = createServices(ENV);

    expect(services.executions).toBe(services.executions);
    expect(services.notifier).toBe(services.notifier);
    expect(services.store).toBe(services.store);
  });
});

describe("containerServices", () => {
  it("builds the Services on the first invocation, from its context, and keeps them", () => {
    const forContext = containerServices({});
    const first = forContext({ invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:f" });
    const second = forContext({ invokedFunctionArn: "arn:aws:lambda:eu-west-1:222222222222:function:f" });

    expect(second).toBe(first);
    expect(first.settings.accountId).toBe("111111111111");
  });
});
