import { isRecord } from "../stepLambdas";

/** What notifications need from EventBridge's "Step Functions Execution Status Change" event. */
export interface StatusChange {
  status: string;
  executionArn: string;
  /** The execution's name: for runs the launcher started, the job file's name and upload tag. */
  executionName: string;
  /** The state machine's name, which is the workflow's. */
  workflowName: string;
  /** The event's region, for the console link. */
  region: string;
  /** The execution's input as JSON text; null where Step Functions left it out (too large). */
  input: string | null;
}

const STATUS_CHANGE = "Step Functions Execution Status Change";

/** The event is not a Step Functions status change as EventBridge delivers it: the rule feeding notifications is wrong. */
export class StatusEventError extends Error {
  readonly code = "BadNotificationEvent";
  constructor(problem: string) {
    super(`not an EventBridge "${STATUS_CHANGE}" event: ${problem}`);
    this.name = "BadNotificationEvent";
  }
}

export function parseStatusChange(event: unknown): StatusChange {
  if (!isRecord(event)) throw new StatusEventError("expected a JSON object");
  if (event["detail-type"] !== STATUS_CHANGE) throw new StatusEventError(`detail-type is ${JSON.stringify(event["detail-type"])}`);
  const { detail, region } = event;
  if (!isRecord(detail)) throw new StatusEventError("expected detail");
  const text = (name: string): string => {
    const value = detail[name];
    if (typeof value !== "string" || value === "") throw new StatusEventError(`detail.${name} must be text`);
    return value;
  };
  const input = detail.input ?? null;
  if (input !== null && typeof input !== "string") throw new StatusEventError("detail.input must be JSON text or null");
  if (typeof region !== "string") throw new StatusEventError("region must be text");
  return {
    status: text("status"),
    executionArn: text("executionArn"),
    executionName: text("name"),
    workflowName: stateMachineName(text("stateMachineArn")),
    region,
    input,
  };
}

/** `arn:aws:states:<region>:<account>:stateMachine:<name>[:<version-or-alias>]` → `<name>`. */
function stateMachineName(arn: string): string {
  const parts = arn.split(":");
  const at = parts.indexOf("stateMachine");
  const name = at === -1 ? undefined : parts[at + 1];
  if (!arn.startsWith("arn:") || !name) {
    throw new StatusEventError(`detail.stateMachineArn ${JSON.stringify(arn)} is not a state machine ARN`);
  }
  return name;
}
