import type { CompiledWorkflow } from "../shared/compiler/types";
import type { Definition, State } from "./asl/types";
import { localJobDefinitions, type LocalJobDefinitions } from "./batch";
import { resolveIntrinsics } from "./batch/intrinsics";
import { LOCAL_TASK_TIMEOUT_SECONDS, rewriteDistributedMaps, type DistributedMap } from "./distributedMap";
import { LOCAL_PLACE } from "./place";

// Everything a local run changes in a compiled definition, in one place:
// - DefinitionSubstitutions resolved with local ARNs (CloudFormation does this on deploy);
// - a Task with no TimeoutSeconds gets one that never fires: the service has no default, the
//   interpreter's is 60 s;
// - each Distributed Map becomes a Task that the engine runs with the service's documented
//   behaviour (item reader, tolerated failures), which the interpreter lacks;
// - `ResultPath: "$"` (on states and catchers) is dropped: it is the default, and the interpreter
//   reads it as a field named "$".

/** The Lambda functions the compiled definitions call, by the name their ARN ends with. */
export const LAMBDA_FUNCTIONS = ["initializer", "scatter", "scatter-init", "gather", "chooser", "subpipes"] as const;
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];

/** What runs a Task state locally. */
export type TaskRoute =
  | { kind: "lambda"; fn: LambdaFunction }
  | { kind: "batch" }
  | { kind: "execution"; outputAsJson: boolean }
  | { kind: "distributedMap"; map: DistributedMap };

export interface LocalDefinition {
  definition: Definition;
  /** Every Task state, at any depth, by its (unique) name. */
  tasks: Record<string, TaskRoute>;
  jobDefinitions: LocalJobDefinitions;
}

/** A Task resource a local run has no stand-in for (the compiler emits none; a hand-edited template might). */
export class UnsupportedResource extends Error {
  readonly code = "UnsupportedResource";
  constructor(state: string, resource: string) {
    super(`state '${state}' calls ${resource}, which a local run cannot: only the stepbatch Lambdas, batch:submitJob.sync and states:startExecution.sync`);
    this.name = "UnsupportedResource";
  }
}

const LAMBDA_ARN = /^arn:aws:lambda:[^:]*:[^:]*:function:(.+?)(?::[^:]+)?$/;
const BATCH_SYNC = "arn:aws:states:::batch:submitJob.sync";
const EXECUTION_SYNC = "arn:aws:states:::states:startExecution.sync";

export function prepareDefinition(compiled: CompiledWorkflow, installation: string): LocalDefinition {
  const stateMachine = Object.values(compiled.template.Resources).find((r) => r.Type === "AWS::StepFunctions::StateMachine");
  const jobDefinitions = localJobDefinitions(compiled.template);
  const raw = (stateMachine?.Properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  const scope = { place: LOCAL_PLACE, ref: (id: string) => jobDefinitions.substitutions[id] };
  const substitutions = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, String(resolveIntrinsics(value, scope, `DefinitionSubstitutions.${key}`))]),
  );
  const substituted = JSON.parse(
    JSON.stringify(compiled.stateMachine).replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, key: string) =>
      substitutions[key] === undefined ? whole : JSON.stringify(substitutions[key]).slice(1, -1),
    ),
  ) as Definition;
  const { definition, maps } = rewriteDistributedMaps(substituted);
  const tasks: Record<string, TaskRoute> = {};
  const everyState = (visit: (name: string, state: State) => void) => {
    forEachState(definition, visit);
    for (const map of Object.values(maps)) forEachState(map.processor, visit);
  };
  everyState(dropWholeResultPaths);
  everyState((name, state) => {
    if (state.Type !== "Task") return;
    const task = state as State & { Resource: string; TimeoutSeconds?: number; TimeoutSecondsPath?: string };
    if (task.TimeoutSecondsPath === undefined) task.TimeoutSeconds ??= LOCAL_TASK_TIMEOUT_SECONDS;
    tasks[name] = routeOf(name, task.Resource, maps, installation);
  });
  return { definition, tasks, jobDefinitions };
}

function dropWholeResultPaths(_name: string, state: State): void {
  const fields = state as { ResultPath?: string | null; Catch?: { ResultPath?: string }[] };
  if (fields.ResultPath === "$") delete fields.ResultPath;
  for (const catcher of fields.Catch ?? []) if (catcher.ResultPath === "$") delete catcher.ResultPath;
}

function routeOf(name: string, resource: string, maps: Record<string, DistributedMap>, installation: string): TaskRoute {
  const map = maps[name];
  if (map !== undefined) return { kind: "distributedMap", map };
  if (resource === BATCH_SYNC) return { kind: "batch" };
  if (resource === EXECUTION_SYNC || resource === `${EXECUTION_SYNC}:2`) return { kind: "execution", outputAsJson: resource.endsWith(":2") };
  const fn = LAMBDA_ARN.exec(resource)?.[1];
  const short = fn?.startsWith(`${installation}-`) ? fn.slice(installation.length + 1) : undefined;
  if (short !== undefined && (LAMBDA_FUNCTIONS as readonly string[]).includes(short)) return { kind: "lambda", fn: short as LambdaFunction };
  throw new UnsupportedResource(name, resource);
}

/** Calls `visit` for every state of `definition`, inside Parallel branches and inline Map processors too. */
export function forEachState(definition: Pick<Definition, "States">, visit: (name: string, state: State) => void): void {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    const nested = state as { Branches?: Definition[]; ItemProcessor?: Definition; Iterator?: Definition };
    for (const branch of nested.Branches ?? []) forEachState(branch, visit);
    const processor = nested.ItemProcessor ?? nested.Iterator;
    if (processor !== undefined) forEachState(processor, visit);
  }
}

/** The ARN of a local state machine, as the launcher and subpipes name it (they add a qualifier). */
export function localStateMachineArn(workflow: string): string {
  return `arn:aws:states:${LOCAL_PLACE.region}:${LOCAL_PLACE.accountId}:stateMachine:${workflow}`;
}
