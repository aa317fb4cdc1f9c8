import { randomUUID } from "node:crypto";
import type { ExecRequest, ExecResult, Executor } from "./executors";
import { errorMessage, type RunnerLog } from "./log";
import { CANCEL_GRACE_MS, type SignalTrap, type TrappedSignal } from "./signals";

export type CommandOutcome =
  | { outcome: "succeeded"; result: ExecResult }
  /** The commands exited non-zero (or the child was stopped from outside, e.g. killed for memory). */
  | { outcome: "failed"; exitCode: number; result: ExecResult }
  /** The runner received a signal and cancelled the child. */
  | { outcome: "signalled"; signal: TrappedSignal };

/** What a failed child without an exit code of its own reports, as a shell would. */
const FAILURE_WITHOUT_CODE = 1;

/**
 * Runs the step's commands in the child and waits for it, streaming its output into the log. A
 * trapped signal cancels the child (SIGTERM, then SIGKILL after CANCEL_GRACE_MS). Executor errors
 * (an image that cannot be pulled, a GPU the engine cannot give) are thrown.
 */
export async function runCommandBlock(executor: Executor, request: ExecRequest, trap: SignalTrap, log: RunnerLog): Promise<CommandOutcome> {
  // Named before it starts, so that a signal during the image pull can abandon the start.
  const id = randomUUID();
  let cancelling: Promise<void> | undefined;
  const unsubscribe = trap.onSignal((signal) => {
    log.warning(`received ${signal}: stopping the commands`, { grace_ms: CANCEL_GRACE_MS });
    cancelling = executor.cancel(id, { signal: "SIGTERM", graceMs: CANCEL_GRACE_MS }).catch((error: unknown) => {
      log.warning(`could not stop the commands: ${errorMessage(error)}`);
    });
  });
  let result: ExecResult;
  try {
    log.info("start of user command block", { image: request.image.name, command: request.command });
    await executor.start({ ...request, id });
    result = await executor.wait(id);
  } catch (error) {
    // A start abandoned by the cancel fails rather than giving a result.
    const signal = trap.received();
    if (signal === undefined) throw error;
    await cancelling;
    return { outcome: "signalled", signal };
  } finally {
    unsubscribe();
  }
  await cancelling;
  log.info("end of user command block", {
    status: result.status,
    exit_code: result.exitCode,
    duration_ms: result.durationMs,
    ...(result.peakMemoryBytes !== undefined && { peak_memory_bytes: result.peakMemoryBytes }),
    ...(result.cpuTimeMs !== undefined && { cpu_time_ms: result.cpuTimeMs }),
    ...(result.oomKilled === true && { oom_killed: true }),
  });
  const signal = trap.received();
  if (signal !== undefined) return { outcome: "signalled", signal };
  if (result.status === "succeeded") return { outcome: "succeeded", result };
  const exitCode = result.exitCode !== null && result.exitCode !== 0 ? result.exitCode : FAILURE_WITHOUT_CODE;
  return { outcome: "failed", exitCode, result };
}
