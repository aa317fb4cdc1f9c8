import type { Definition } from "../asl/types";
import { DistributedMapError } from "./errors";
import { LOCAL_TASK_TIMEOUT_SECONDS } from "./limits";
import { distributedMapOf, isDistributedMap, TASK_FIELDS, type StateFields } from "./mapSpec";
import type { DistributedMap } from "./types";

/**
 * The Resource of the Task that stands in for a Distributed Map. No AWS service has it: a Task
 * with it runs only through the local handler that the engine registers under the state's name.
 */
export const DISTRIBUTED_MAP_RESOURCE = "arn:aws:states:::stepbatch-local:distributedMap";

export interface RewrittenDefinition {
  definition: Definition;
  /** Every Distributed Map of the definition, at any depth, by state name. */
  maps: Record<string, DistributedMap>;
}

interface StatesHolder {
  States: Record<string, StateFields>;
}

/**
 * The definition with every Distributed Map (inside Parallel branches and Map processors too)
 * replaced by a Task of the same name, which the engine runs with runDistributedMap: the
 * interpreter reads no ItemReader or failure tolerance. The Task keeps the Map's input and output
 * processing, Retry, Catch and transition, so the state behaves as the Map does around its run.
 * Maps inside a Distributed Map's processor are rewritten there and listed in `maps` too, so one
 * table of handlers serves the parent and the child executions. The given definition is not changed.
 */
export function rewriteDistributedMaps(definition: Definition): RewrittenDefinition {
  const copy = structuredClone(definition);
  const maps: Record<string, DistributedMap> = {};
  rewriteStates(copy as unknown as StatesHolder, maps);
  return { definition: copy, maps };
}

function rewriteStates(holder: StatesHolder, maps: Record<string, DistributedMap>): void {
  for (const [name, state] of Object.entries(holder.States)) {
    if (isDistributedMap(state)) {
      const { ProcessorConfig: _mode, ...processor } = state.ItemProcessor as StatesHolder & { ProcessorConfig: unknown };
      rewriteStates(processor, maps);
      if (Object.hasOwn(maps, name)) {
        throw new DistributedMapError(
          "DuplicateStateName",
          `two Distributed Maps are named "${name}"; the local engine finds a map by its state name, so rename one`,
        );
      }
      maps[name] = distributedMapOf(name, state, processor as unknown as Definition);
      holder.States[name] = standInTask(state);
    } else if (state.Type === "Parallel") {
      for (const branch of state.Branches as StatesHolder[]) rewriteStates(branch, maps);
    } else if (state.Type === "Map") {
      rewriteStates((state.ItemProcessor ?? state.Iterator) as StatesHolder, maps);
    }
  }
}

function standInTask(map: StateFields): StateFields {
  const task: StateFields = { Type: "Task", Resource: DISTRIBUTED_MAP_RESOURCE, TimeoutSeconds: LOCAL_TASK_TIMEOUT_SECONDS };
  for (const field of TASK_FIELDS) if (field in map) task[field] = map[field];
  return task;
}
