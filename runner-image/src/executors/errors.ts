export type ExecutorErrorCode =
  | "NotFound"
  | "AlreadyStarted"
  | "AlreadyFinished"
  | "Cancelled"
  | "TimedOut"
  | "BadRequest"
  | "ImageUnavailable"
  | "RegistryAuthFailed"
  | "GpuUnavailable"
  | "StartFailed"
  | "EngineFailed";

/**
 * Every executor failure: `code` (also the error's name) says what went wrong, `message` says it
 * to the user in one line, as it is to be shown.
 */
export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

/** No job of that id in this executor. */
export class NotFound extends ExecutorError {
  constructor(readonly id: string) {
    super("NotFound", `no job ${id} in this executor`);
  }
}

/** The id is taken: by a job of this executor, or (docker) by a container of that name. */
export class AlreadyStarted extends ExecutorError {
  constructor(
    readonly id: string,
    detail = "a job of that id is already running in this executor",
  ) {
    super("AlreadyStarted", `cannot start job ${id}: ${detail}`);
  }
}

/** The operation needs a running child (cancel) or one not yet let go of (logs), and the job is past that. */
export class AlreadyFinished extends ExecutorError {
  constructor(
    readonly id: string,
    operation: string,
    why = "its child has exited",
  ) {
    super("AlreadyFinished", `cannot ${operation} job ${id}: ${why}`);
  }
}

/** A start abandoned by cancel before the child ran. */
export class Cancelled extends ExecutorError {
  constructor(readonly id: string) {
    super("Cancelled", `job ${id} was cancelled before its commands started`);
  }
}

/** A child that outlived SIGKILL: the engine or the kernel is stuck (e.g. a process blocked on a hung mount). */
export class TimedOut extends ExecutorError {
  constructor(
    readonly id: string,
    waitedMs: number,
  ) {
    super("TimedOut", `job ${id} was still running ${waitedMs} ms after SIGKILL`);
  }
}

/** A request, cancel or logs option, GPU request or label set the executor cannot act on. */
export class BadRequest extends ExecutorError {
  constructor(message: string) {
    super("BadRequest", message);
  }
}

/** The image is not on the host and could not be pulled (or the pull policy forbids pulling). */
export class ImageUnavailable extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ImageUnavailable", message, options);
  }
}

/** The registry credentials could not be fetched (ECR token, Secrets Manager secret). */
export class RegistryAuthFailed extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RegistryAuthFailed", message, options);
  }
}

/** The engine cannot give the child the GPUs asked for (no NVIDIA runtime, no /dev/kfd, ...). */
export class GpuUnavailable extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("GpuUnavailable", message, options);
  }
}

/** The engine or the host refused to create or start the child (a missing workspace, an unknown command). */
export class StartFailed extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("StartFailed", message, options);
  }
}

/** The engine failed in a way that says nothing about the request: unreachable socket, a dropped connection. */
export class EngineFailed extends ExecutorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("EngineFailed", message, options);
  }
}
