import { stateMachineName } from "../shared/spec";
import type { Executions, StartExecutionRequest, StartExecutionResult, StopExecutionRequest } from "../shared/services/types";
import type { ExecutionOutcome, RunningExecution } from "./asl/run";
import { LOCAL_PLACE } from "./place";

/** One local execution: what it is, and how it ended once it has. */
export interface LocalExecution {
  arn: string;
  name: string;
  workflow: string;
  startedAt: Date;
  stoppedAt?: Date;
  outcome: Promise<ExecutionOutcome>;
  /** Set by stop(): why the execution was aborted (the QC abort's error and cause). */
  stopped?: { error: string; cause: string };
}

/** Starts an execution of `workflow` under `arn` (the engine compiles the workflow and runs it). */
export type ExecutionStarter = (request: { workflow: string; arn: string; name: string; input: unknown }) => RunningExecution;

/** A state machine name too odd to be ours, or a stop for an execution that never ran. */
export class ExecutionNotFound extends Error {
  readonly code = "ExecutionDoesNotExist";
  constructor(arn: string) {
    super(`no local execution ${arn}`);
    this.name = "ExecutionDoesNotExist";
  }
}


/**
 * Step Functions' StartExecution and StopExecution for local runs: the launcher, subpipes and the
 * runner's QC abort call these exactly as they call the service. Names are unique per state
 * machine, as in the service: a second start with a name already used is a duplicate.
 */
export class LocalExecutions implements Executions {
  private readonly byArn = new Map<string, LocalExecution & { abort(): void }>();

  constructor(private readonly starter: ExecutionStarter) {}

  async start(request: StartExecutionRequest): Promise<StartExecutionResult> {
    const workflow = stateMachineName(request.stateMachineArn);
    if (workflow === undefined) throw new ExecutionNotFound(request.stateMachineArn);
    const arn = executionArn(workflow, request.name);
    if (this.byArn.has(arn)) return { started: false, reason: "duplicate" };
    const running = this.starter({ workflow, arn, name: request.name, input: JSON.parse(request.input) });
    const execution = {
      arn,
      name: request.name,
      workflow,
      startedAt: new Date(),
      abort: running.abort,
      outcome: running.outcome.then((outcome) => {
        execution.stoppedAt = new Date();
        return outcome;
      }),
    } as LocalExecution & { abort(): void };
    this.byArn.set(arn, execution);
    return { started: true, executionArn: arn };
  }

  async stop(request: StopExecutionRequest): Promise<void> {
    const execution = this.byArn.get(request.executionArn);
    if (execution === undefined) throw new ExecutionNotFound(request.executionArn);
    execution.stopped ??= { error: request.error, cause: request.cause };
    execution.abort();
  }

  get(arn: string): LocalExecution | undefined {
    return this.byArn.get(arn);
  }

  /** Aborts every execution still running (Ctrl-C). */
  stopAll(error: string, cause: string): void {
    for (const execution of this.byArn.values()) {
      if (execution.stoppedAt === undefined) {
        execution.stopped ??= { error, cause };
        execution.abort();
      }
    }
  }
}

/**
 * Why an execution that has ended did not succeed, as DescribeExecution gives it: its failure's
 * error and cause, or the reason it was stopped; undefined for one that succeeded or timed out.
 */
export function executionFailure(execution: LocalExecution, outcome: ExecutionOutcome): { error: string; cause: string } | undefined {
  return outcome.status === "FAILED" ? { error: outcome.error, cause: outcome.cause } : execution.stopped;
}

export function executionArn(workflow: string, name: string): string {
  return `arn:aws:states:${LOCAL_PLACE.region}:${LOCAL_PLACE.accountId}:execution:${workflow}:${name}`;
}
