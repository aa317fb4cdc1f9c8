import type { EvaluateOnExit, RetryStrategy } from "./jobDefinitions";

/** How an attempt ended, as EvaluateOnExit sees it. */
export interface AttemptExit {
  /** The job's StatusReason, e.g. "Essential container in task exited". */
  statusReason: string;
  /** The container's Reason; none for a container that exited by itself. */
  reason?: string;
  /** Null when the attempt ended without an exit code. */
  exitCode: number | null;
}

export type RetryAction = "RETRY" | "EXIT";

/**
 * What Batch does after failed attempt `attempt` (1 for the first): EXIT once the strategy's
 * attempts are used up; else the action of the first EvaluateOnExit entry whose every given pattern
 * matches; RETRY when none matches (Batch's documented default).
 */
export function retryAction(strategy: RetryStrategy, attempt: number, exit: AttemptExit): RetryAction {
  if (attempt >= strategy.attempts) return "EXIT";
  return strategy.evaluateOnExit.find((condition) => conditionMatches(condition, exit))?.action ?? "RETRY";
}

function conditionMatches(condition: EvaluateOnExit, exit: AttemptExit): boolean {
  const checks: Array<[string | undefined, string]> = [
    [condition.onStatusReason, exit.statusReason],
    [condition.onReason, exit.reason ?? ""],
    [condition.onExitCode, exit.exitCode === null ? "" : String(exit.exitCode)],
  ];
  return checks.every(([pattern, value]) => pattern === undefined || globMatches(pattern, value));
}

/**
 * Batch's patterns: literal text that may end with `*`, in which case only the start of the value
 * must match; without it the whole value must. A missing value reads as empty, so `*` matches it.
 */
export function globMatches(pattern: string, value: string): boolean {
  return pattern.endsWith("*") ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}
