export { LocalBatch, CONTAINER_EXITED, EXECUTION_STOPPED, TASK_FAILED, TIMEOUT_REASON, type JobEvent, type JobEventKind, type LocalBatchOptions } from "./localBatch";
export { localJobDefinitions, type LocalJobDefinition, type LocalJobDefinitions } from "./jobDefinitions";
export type { ExecutorChoice, ExecutorMode } from "./executorChoice";
export type { Resources } from "./capacity";
export type { Place } from "./intrinsics";
export { TemplateError, type TemplateErrorCode } from "./errors";
