import { randomUUID } from "node:crypto";
import type { ObjectStore } from "../shared/store";
import type { LogWriter } from "../shared/stepLambdas";
import type { Notifier, Services } from "../shared/services/types";
import { StatesError } from "./asl/errors";
import { runExecution, type ExecutionEvent, type ExecutionOutcome, type RunningExecution } from "./asl/run";
import type { Definition, ExecutionContext, Json, TaskHandler } from "./asl/types";
import { localStateMachineArn, type LocalDefinition, type TaskRoute } from "./definition";
import { runDistributedMap } from "./distributedMap";
import { executionArn, executionFailure, LocalExecutions, type LocalExecution } from "./executions";
import { LocalLambdas } from "./lambdas";
import { LOCAL_PLACE } from "./place";

/** The launcher bucket of local runs: job files put here start runs, as in production. */
export const LOCAL_LAUNCHER_BUCKET = "stepbatch-launcher";

/** What runs batch steps (local/batch's LocalBatch). */
export interface BatchService {
  submitJob(parameters: Json, signal?: AbortSignal): Promise<Json>;
  /** Settles once every running job has ended (outputs uploaded, no marker). */
  terminateAll(reason: string): Promise<void>;
}

/** What an execution reports as it runs, for the live view and the summary. */
export type EngineEvent =
  | { kind: "state"; execution: string; workflow: string; event: ExecutionEvent }
  | { kind: "item"; execution: string; workflow: string; map: string; index: number; total: number; status: "started" | "succeeded" | "failed" | "aborted"; error?: string; cause?: string };

export interface EngineOptions {
  store: ObjectStore;
  /** Every workflow a run may start (the main one and its subpipes), prepared, by name. */
  workflows: ReadonlyMap<string, LocalDefinition>;
  installation: string;
  batch: BatchService;
  /** Children of a Distributed Map running at once when its MaxConcurrency is 0 (unlimited in the service). */
  maxConcurrency: number;
  /** Where the Lambda handlers' log lines go. */
  lambdaLog: LogWriter;
  onEvent?: (event: EngineEvent) => void;
}

/** What an execution's task handlers share: its stop signal, and its batch jobs in flight. */
interface ExecutionScope {
  signal: AbortSignal;
  jobs: Set<Promise<Json>>;
}

/** The launcher's answer to a job file, and the execution it started. */
export type LaunchOutcome =
  | { started: true; execution: LocalExecution }
  /** `problem`: for a refused job file, what is wrong with it, without the launcher bucket's name for it. */
  | { started: false; outcome: string; message: string; problem?: string };

/**
 * The one-machine twin of the deployed backend: the store, the Lambda handlers, Step Functions'
 * StartExecution/StopExecution, the interpreter running the compiled definitions, and Batch.
 */
export class LocalEngine {
  readonly executions: LocalExecutions;
  private readonly lambdas: LocalLambdas;

  constructor(private readonly options: EngineOptions) {
    this.executions = new LocalExecutions((request) => this.startExecution(request.workflow, request.arn, request.name, request.input as Json));
    const services: Services = {
      store: options.store,
      executions: this.executions,
      notifier: NO_NOTIFIER,
      settings: { ...LOCAL_PLACE, launcherBucket: LOCAL_LAUNCHER_BUCKET },
    };
    this.lambdas = new LocalLambdas(services, options.lambdaLog, options.installation);
  }

  /**
   * Starts a run the way production does: the job file is written to the launcher bucket under the
   * workflow's folder (a new version each time), and the launcher handler gets the S3 event.
   */
  async launch(workflow: string, jobFileName: string, body: Buffer): Promise<LaunchOutcome> {
    const key = `${workflow}/${jobFileName}`;
    const { versionId } = await this.options.store.put(LOCAL_LAUNCHER_BUCKET, key, body, { contentType: "application/json" });
    return this.launchObject(key, versionId);
  }

  /** The launcher's part alone, for a job file already in the launcher bucket (`stepbatch watch`). */
  async launchObject(key: string, versionId?: string): Promise<LaunchOutcome> {
    const event = {
      "detail-type": "Object Created",
      source: "aws.s3",
      detail: { bucket: { name: LOCAL_LAUNCHER_BUCKET }, object: { key, ...(versionId && { "version-id": versionId }) } },
    };
    const result = (await this.lambdas.invoke("launcher", event)) as { outcome: string; message: string; problem?: string; executionArn?: string };
    const execution = result.executionArn === undefined ? undefined : this.executions.get(result.executionArn);
    if (result.outcome === "started" && execution !== undefined) return { started: true, execution };
    return { started: false, outcome: result.outcome, message: result.message, ...(result.problem !== undefined && { problem: result.problem }) };
  }

  /**
   * Ctrl-C: stops every execution and terminates every batch job, as stopping the executions in
   * the service does; settles once the jobs have ended.
   */
  stopAll(cause: string): Promise<void> {
    const jobsEnded = this.options.batch.terminateAll(cause);
    this.executions.stopAll("Interrupted", cause);
    return jobsEnded;
  }

  private startExecution(workflow: string, arn: string, name: string, input: Json): RunningExecution {
    const prepared = this.options.workflows.get(workflow);
    if (prepared === undefined) {
      const known = [...this.options.workflows.keys()].join(", ");
      return settled({ status: "FAILED", error: "StateMachineDoesNotExist", cause: `no workflow named '${workflow}' is loaded (known: ${known})` });
    }
    const controller = new AbortController();
    const scope: ExecutionScope = { signal: controller.signal, jobs: new Set() };
    const context: ExecutionContext = {
      Execution: { Id: arn, Name: name, Input: input },
      StateMachine: { Id: localStateMachineArn(workflow), Name: workflow },
    };
    const onEvent = (event: ExecutionEvent) => this.options.onEvent?.({ kind: "state", execution: arn, workflow, event });
    const handlers = this.handlersFor(prepared, context, scope);
    const running = runExecution(prepared.definition, input, { handlers, context, onEvent });
    return {
      // An execution that ends while jobs of other branches run (a failure, a QC abort) stops
      // them, as the service stops its .sync jobs, and has ended only once they have.
      outcome: running.outcome.then(async (outcome) => {
        controller.abort();
        await Promise.allSettled(scope.jobs);
        return outcome;
      }),
      abort: () => {
        controller.abort();
        running.abort();
      },
    };
  }

  /** A handler for every Task state of a workflow (the interpreter keys them by state name). */
  private handlersFor(prepared: LocalDefinition, context: ExecutionContext, scope: ExecutionScope): Record<string, TaskHandler> {
    const handlers: Record<string, TaskHandler> = {};
    for (const [state, route] of Object.entries(prepared.tasks)) handlers[state] = this.handlerFor(state, route, prepared, context, scope);
    return handlers;
  }

  private handlerFor(state: string, route: TaskRoute, prepared: LocalDefinition, context: ExecutionContext, scope: ExecutionScope): TaskHandler {
    const { signal } = scope;
    switch (route.kind) {
      case "lambda":
        return (input) => this.lambdas.invoke(route.fn, input);
      case "batch":
        return (input) => {
          const job = this.options.batch.submitJob(input, signal);
          scope.jobs.add(job);
          return job.finally(() => scope.jobs.delete(job));
        };
      case "execution":
        return (input) => this.runChildWorkflow(input, route.outputAsJson, signal);
      case "distributedMap":
        return (input) =>
          runDistributedMap(route.map, input, {
            readObject: (bucket, key, versionId) => this.options.store.get(bucket, key, { versionId }),
            runChild: (processor: Definition, itemInput: Json, item: { index: number; value: Json }) => {
              // A child the map stops (tolerance exceeded, parent stopped) stops its batch jobs too.
              const stopped = new AbortController();
              const childSignal = AbortSignal.any([signal, stopped.signal]);
              // As in the service, each branch is a child execution of its own, named under the map's label.
              const childName = randomUUID();
              const childContext: ExecutionContext = {
                ...context,
                Execution: { Id: executionArn(`${context.StateMachine.Name}/${route.map.label ?? state}`, childName), Name: childName, Input: itemInput },
              };
              const child = runExecution(processor, itemInput, {
                handlers: this.handlersFor(prepared, childContext, { signal: childSignal, jobs: scope.jobs }),
                context: { ...childContext, Map: { Item: { Index: item.index, Value: item.value } } },
                onEvent: (event) => this.options.onEvent?.({ kind: "state", execution: context.Execution.Id, workflow: context.StateMachine.Name, event }),
              });
              return {
                result: child.outcome.then(outputOrThrow),
                abort: () => {
                  stopped.abort();
                  child.abort();
                },
              };
            },
            context,
            signal,
            maxConcurrency: this.options.maxConcurrency,
            onItem: (item) => this.options.onEvent?.({ kind: "item", execution: context.Execution.Id, workflow: context.StateMachine.Name, map: state, ...item }),
          });
    }
  }

  /** `states:startExecution.sync`: a nested execution, whose description is the task's result. */
  private async runChildWorkflow(input: Json, outputAsJson: boolean, signal: AbortSignal): Promise<Json> {
    const request = input as { StateMachineArn: string; Name?: string; Input?: Json };
    const name = request.Name ?? crypto.randomUUID();
    const inputText = typeof request.Input === "string" ? request.Input : JSON.stringify(request.Input ?? {});
    const started = await this.executions.start({ stateMachineArn: request.StateMachineArn, name, input: inputText });
    if (!started.started) {
      throw new StatesError("StepFunctions.ExecutionAlreadyExistsException", `an execution named ${name} of ${request.StateMachineArn} already exists`);
    }
    const execution = this.executions.get(started.executionArn) as LocalExecution;
    // The service stops a .sync child when its parent stops.
    const stopChild = () => void this.executions.stop({ executionArn: execution.arn, error: "ParentStopped", cause: "the parent execution stopped" });
    signal.addEventListener("abort", stopChild, { once: true });
    const outcome = await execution.outcome.finally(() => signal.removeEventListener("abort", stopChild));
    const description = {
      ExecutionArn: execution.arn,
      Input: inputText,
      Name: name,
      StartDate: execution.startedAt.getTime(),
      StateMachineArn: request.StateMachineArn,
      Status: outcome.status,
      StopDate: (execution.stoppedAt ?? new Date()).getTime(),
    };
    if (outcome.status === "SUCCEEDED") return { ...description, Output: outputAsJson ? outcome.output : JSON.stringify(outcome.output) };
    const reason = executionFailure(execution, outcome);
    const failure = reason === undefined ? {} : { Error: reason.error, Cause: reason.cause };
    throw new StatesError("States.TaskFailed", JSON.stringify({ ...description, ...failure }));
  }
}

function outputOrThrow(outcome: ExecutionOutcome): Json {
  if (outcome.status === "SUCCEEDED") return outcome.output;
  if (outcome.status === "FAILED") throw new StatesError(outcome.error, outcome.cause);
  throw new StatesError(`States.${outcome.status === "ABORTED" ? "Runtime" : "Timeout"}`, `the branch's execution was ${outcome.status.toLowerCase()}`);
}

function settled(outcome: ExecutionOutcome): RunningExecution {
  return { outcome: Promise.resolve(outcome), abort: () => undefined };
}

/**
 * Local runs publish no notifications: their status goes to the terminal. Production's
 * notifications Lambda is driven by Step Functions' status events, which no local handler calls.
 */
const NO_NOTIFIER: Notifier = { publish: async () => undefined };
