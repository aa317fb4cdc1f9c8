import { dump } from "js-yaml";
import type { JobFileRef } from "../launcher";
import { formatS3Uri } from "../store";
import type { StatusChange } from "./statusEvent";

/** SNS takes subjects of fewer than 100 characters. */
export const MAX_SUBJECT_LENGTH = 99;

/** How the message's sentence ends for each status Step Functions sends today. */
const STATUS_PHRASES: Readonly<Record<string, string>> = {
  RUNNING: "has started",
  SUCCEEDED: "has finished",
  FAILED: "has failed",
  ABORTED: "has been aborted",
  TIMED_OUT: "has timed out",
  PENDING_REDRIVE: "is being redriven",
};

const CONSOLE_URL = "https://console.aws.amazon.com/states/home";
const YAML_OPTIONS = { lineWidth: -1 };

export interface Notification {
  subject: string;
  message: string;
  /** What subscriptions filter on. */
  attributes: Record<string, string>;
}

/**
 * The reference's notification: the message is two YAML documents, a sentence for people and the
 * details for programs; the subject is `<workflow>: job <status>`. A status this table does not
 * know (Step Functions adds some now and then) gets a plain sentence naming it rather than an error.
 */
export function buildNotification(change: StatusChange, jobFile: JobFileRef): Notification {
  const { status, executionName, workflowName } = change;
  const fileName = jobFile.key.slice(jobFile.key.lastIndexOf("/") + 1);
  const phrase = STATUS_PHRASES[status] ?? `has status ${status}`;
  const sentence = `Job ${executionName} ('${fileName}') on workflow ${workflowName} ${phrase}.`;
  const details = {
    details: {
      workflow_name: workflowName,
      execution_id: executionName,
      job_status: status,
      job_data: formatS3Uri(jobFile.bucket, jobFile.key),
      job_data_version: jobFile.version,
      sfn_console_link: `${CONSOLE_URL}?region=${change.region}#/executions/details/${change.executionArn}`,
    },
  };
  return {
    subject: `${workflowName}: job ${status.toLowerCase()}`.slice(0, MAX_SUBJECT_LENGTH),
    // No folding: the console link stays on one line, whole, where a mail client can open it.
    message: `${dump(sentence, YAML_OPTIONS)}---\n${dump(details, YAML_OPTIONS)}`,
    attributes: {
      status,
      workflow_name: workflowName,
      execution_id: executionName,
      job_file_bucket: jobFile.bucket,
      job_file_key: jobFile.key,
      job_file_version: jobFile.version,
    },
  };
}
