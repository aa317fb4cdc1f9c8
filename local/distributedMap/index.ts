// Distributed Map for the local engine: the interpreter runs no ItemReader and no failure
// tolerance, so each Distributed Map becomes a Task whose handler runs the Map Run here.
export { rewriteDistributedMaps, DISTRIBUTED_MAP_RESOURCE, type RewrittenDefinition } from "./rewrite";
export { runDistributedMap } from "./runDistributedMap";
export { DistributedMapError, type DistributedMapErrorCode } from "./errors";
export { LOCAL_TASK_TIMEOUT_SECONDS } from "./limits";
export { THRESHOLD_EXCEEDED_CAUSE } from "./tolerance";
export type { DistributedMap, DistributedMapDeps, ItemEvent, ItemReaderSpec, PayloadTemplate, RunningChild } from "./types";
