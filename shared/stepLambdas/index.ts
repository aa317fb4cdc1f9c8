// What the step Lambdas (scatter, scatter-init, gather, subpipes, chooser) share: reading their
// events, errors that name the step and field, substitution into step fields, bounded concurrency,
// and their log lines.
export { STORE_REQUEST_CONCURRENCY, mapConcurrently } from "./concurrency";
export { StepLambdaError, describeLocation, type Location, type StepLambdaErrorCode } from "./errors";
export { EventFields, isRecord } from "./eventFields";
export { fileIn, type FileRef } from "./fileIn";
export { readJsonFile } from "./readJsonFile";
export { StepLog, type LogLevel, type LogWriter } from "./stepLog";
export type { HandlerDeps } from "./handlerDeps";
export { substituteField, substituteFields } from "./substituteField";
