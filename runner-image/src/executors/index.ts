export type { CancelOptions, ExecRequest, ExecResult, ExecStatus, Executor, ExecutorLog, ImageRef, LogStream, LogsOptions, PullPolicy } from "./types";
export {
  AlreadyFinished,
  AlreadyStarted,
  BadRequest,
  Cancelled,
  EngineFailed,
  ExecutorError,
  GpuUnavailable,
  ImageUnavailable,
  NotFound,
  RegistryAuthFailed,
  StartFailed,
  TimedOut,
  type ExecutorErrorCode,
} from "./errors";
export { DockerExecutor, type DockerExecutorOptions } from "./dockerExecutor";
export { LocalExecutor, type LocalExecutorOptions } from "./localExecutor";
export { GPU_VENDORS, gpuHostConfig, gpuRequestFromEnv, type GpuHostConfig, type GpuRequest, type GpuVendor } from "./gpu";
export { AwsRegistryAuth, ecrRegistry, registryHost, type AwsRegistryAuthClients, type RegistryAuthProvider, type RegistryCredentials } from "./registryAuth";
export { RUNNER_ID_LABEL } from "./labels";
export { KILL_CONFIRM_MS, TIMEOUT_GRACE_MS } from "./lifecycle";
