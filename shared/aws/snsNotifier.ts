import { PublishCommand, SNSClient, type MessageAttributeValue } from "@aws-sdk/client-sns";
import type { Notifier, PublishRequest } from "../services/types";

/** Notifications over SNS; every attribute is a String attribute that subscriptions can filter on. */
export class SnsNotifier implements Notifier {
  constructor(private readonly client: SNSClient) {}

  async publish(request: PublishRequest): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: request.topicArn,
        Subject: request.subject,
        Message: request.message,
        MessageAttributes: stringAttributes(request.attributes),
      }),
    );
  }
}

/** SNS refuses an attribute with an empty value, so one is left out (a filter policy can test `exists: false`). */
function stringAttributes(attributes: Record<string, string>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([, value]) => value !== "")
      .map(([name, value]) => [name, { DataType: "String", StringValue: value }]),
  );
}
