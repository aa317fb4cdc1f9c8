import "./polyfill";
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from "aws-local-stepfunctions";
import type { Definition, ExecutionContext, Json, TaskHandler } from "./types";

/** How an execution ended, in Step Functions' words. */
export type ExecutionOutcome =
  | { status: "SUCCEEDED"; output: Json }
  | { status: "FAILED"; error: string; cause: string }
  | { status: "ABORTED" }
  | { status: "TIMED_OUT" };

export interface RunningExecution {
  outcome: Promise<ExecutionOutcome>;
  abort(): void;
}

/** What the interpreter reports as an execution runs (states entered and left, retries, map iterations). */
export type ExecutionEvent = ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

export interface ExecutionOptions {
  /** Every Task state's handler, by state name (the interpreter would call real Lambda for a missing one). */
  handlers: Record<string, TaskHandler>;
  context: ExecutionContext;
  onEvent?: (event: ExecutionEvent) => void;
}

/**
 * Runs a definition with the interpreter. The definition was checked when it was compiled, so it is
 * not validated again (that costs more than a short execution). The interpreter keeps no `$$.State`;
 * the compiled subpipe names use `$$.State.EnteredTime`, so the context answers it with the time
 * it is read, which is when the state's Parameters are evaluated: as it enters.
 */
export function runExecution(definition: Definition, input: Json, options: ExecutionOptions): RunningExecution {
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  const context = {
    ...options.context,
    State: {
      get EnteredTime() {
        return new Date().toISOString();
      },
    },
  };
  const run = machine.run(input, { overrides: { taskResourceLocalHandlers: options.handlers }, context });
  // The log queues every event until read: read it even when nobody listens.
  void follow(run.eventLogs, options.onEvent ?? (() => undefined));
  return { outcome: run.result.then(succeeded, outcomeOfError), abort: run.abort };
}

function succeeded(output: Json | unknown): ExecutionOutcome {
  return { status: "SUCCEEDED", output: output as Json };
}

function outcomeOfError(error: unknown): ExecutionOutcome {
  if (error instanceof ExecutionAbortedError) return { status: "ABORTED" };
  if (error instanceof ExecutionTimeoutError) return { status: "TIMED_OUT" };
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error) return { status: "FAILED", error: failure.name, cause: failure.message };
  return { status: "FAILED", error: "States.Runtime", cause: String(failure) };
}

async function follow(events: AsyncGenerator<ExecutionEvent>, onEvent: (event: ExecutionEvent) => void): Promise<void> {
  for await (const event of events) onEvent(event);
}
