import type { JobFileRef } from "../launcher";
import type { Services } from "../services/types";
import { isRecord } from "../stepLambdas";
import { buildNotification, type Notification } from "./message";
import { parseStatusChange } from "./statusEvent";

export type NotifyResult = ({ sent: true } & Notification) | { sent: false; reason: string };

/** No topic to publish to: the installation's settings name none. */
export class NoTopicError extends Error {
  readonly code = "NoTopic";
  constructor() {
    super("no notification topic is configured (settings.topicArn)");
    this.name = "NoTopic";
  }
}

/**
 * Publishes a status change of a stepbatch run to the installation's topic. EventBridge sends the
 * changes of every execution in the account; one whose input has no job file was not started by a
 * job file (not a stepbatch run, or one started by hand) and is passed over.
 */
export async function notifyStatusChange(services: Pick<Services, "notifier" | "settings">, event: unknown): Promise<NotifyResult> {
  const change = parseStatusChange(event);
  const jobFile = jobFileOf(change.input);
  if (!jobFile) {
    return { sent: false, reason: `execution ${change.executionArn} has no job_file in its input: not a run started by a job file` };
  }
  const topicArn = services.settings.topicArn;
  if (!topicArn) throw new NoTopicError();
  const notification = buildNotification(change, jobFile);
  await services.notifier.publish({ topicArn, ...notification });
  return { sent: true, ...notification };
}

/** The `job_file` of an execution's input; undefined when the input is missing, not JSON, or has none. */
function jobFileOf(input: string | null): JobFileRef | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input ?? "null");
  } catch {
    return undefined;
  }
  const jobFile = isRecord(parsed) ? parsed.job_file : undefined;
  if (!isRecord(jobFile) || typeof jobFile.bucket !== "string" || typeof jobFile.key !== "string") return undefined;
  return { bucket: jobFile.bucket, key: jobFile.key, version: typeof jobFile.version === "string" ? jobFile.version : "" };
}
