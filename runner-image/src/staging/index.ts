// Staging: a step's inputs from the object store into its workspace, and its outputs back, with
// bounded concurrency, retries with backoff, and checks of what was moved.
export { stageInputs, type StageInputsOptions, type StagedInputs } from "./stageInputs";
export { stageOutputs, type StageOutputsOptions, type StagedOutputs, type Upload } from "./stageOutputs";
export { StagingError, type StagingErrorCode } from "./errors";
export { TRANSFER_CONCURRENCY } from "./limits";
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS, MAX_TRANSFER_ATTEMPTS, isTransient } from "./retry";
