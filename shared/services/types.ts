import type { ObjectStore } from "../store";

// What the Lambda handlers (and the runner's QC abort) need from the outside world, in one place:
// production hands them S3 and the AWS SDK clients; the local engine hands them a directory store
// and an in-process execution starter; tests hand them a real S3 server and client mocks.

export interface StartExecutionRequest {
  /** A state machine ARN, possibly qualified with a version or alias (`...:stateMachine:wf:current`). */
  stateMachineArn: string;
  /** At most 80 characters of [A-Za-z0-9_-]. */
  name: string;
  /** The execution input, as JSON text. */
  input: string;
}

export type StartExecutionResult = { started: true; executionArn: string } | { started: false; reason: "duplicate" };

export interface StopExecutionRequest {
  executionArn: string;
  error: string;
  cause: string;
}

export interface Executions {
  /** Starts an execution; an execution of that name that already exists is a duplicate, not an error. */
  start(request: StartExecutionRequest): Promise<StartExecutionResult>;
  stop(request: StopExecutionRequest): Promise<void>;
}

export interface PublishRequest {
  topicArn: string;
  subject: string;
  message: string;
  /** SNS message attributes (all String): what subscribers filter on. */
  attributes: Record<string, string>;
}

export interface Notifier {
  publish(request: PublishRequest): Promise<void>;
}

/** Everything a handler may touch, handed in from one place. */
export interface Services {
  store: ObjectStore;
  executions: Executions;
  notifier: Notifier;
  /** Where the handler runs: region and account make ARNs; the launcher bucket and topic come from the installation. */
  settings: ServiceSettings;
}

export interface ServiceSettings {
  region: string;
  accountId: string;
  launcherBucket: string;
  /** The notification topic's ARN (notifications handler only). */
  topicArn?: string;
}
