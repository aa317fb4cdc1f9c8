import type { TaskHandler } from "../asl/types";
import { runDistributedMap } from "./runDistributedMap";
import type { DistributedMap, DistributedMapDeps } from "./types";

/**
 * Task handlers for the stand-in Tasks of rewriteDistributedMaps, by state name, for the
 * interpreter's overrides. `depsFor` is asked at each run, so each run can get its own signal and
 * progress reporting.
 */
export function distributedMapHandlers(
  maps: Record<string, DistributedMap>,
  depsFor: (stateName: string) => DistributedMapDeps,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const [name, map] of Object.entries(maps)) handlers[name] = (input) => runDistributedMap(map, input, depsFor(name));
  return handlers;
}
