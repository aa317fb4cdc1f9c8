import { setTimeout as sleep } from "node:timers/promises";
import { StagingError } from "./errors";

/**
 * Tries per transfer. The SDK already retries a throttled or failed request 3 times before its
 * error reaches us; these attempts also cover what it cannot retry (a body cut off mid-stream), and
 * 5 of them ride out a throttling episode of several seconds without holding a failed job for long.
 */
export const MAX_TRANSFER_ATTEMPTS = 5;
/** The wait before the first retry; each further retry waits twice as long, up to BACKOFF_MAX_MS. */
export const BACKOFF_BASE_MS = 500;
/** S3 asks clients that see SlowDown to back off for seconds, not minutes. */
export const BACKOFF_MAX_MS = 20_000;

/** Error names and codes that say "try again": throttling, server trouble, dropped or slow connections. */
const TRANSIENT = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "ServiceUnavailable",
  "TimeoutError",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "ECONNABORTED",
]);
/** How far down a chain of `cause`s to look: stores wrap SDK errors, which wrap socket errors. */
const MAX_CAUSE_DEPTH = 5;

/** Whether `error` (or what caused it) is throttling, a 5xx answer, a dropped connection or a timeout. */
export function isTransient(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === "object" && current !== null; depth++) {
    const { code, name, $metadata } = current as { code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: number } };
    if (typeof code === "string" && TRANSIENT.has(code)) return true;
    if (typeof name === "string" && TRANSIENT.has(name)) return true;
    const status = $metadata?.httpStatusCode ?? 0;
    if (status >= 500 || status === 429) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Exponential backoff with jitter: half the step's wait is fixed, half random, so that retries spread out. */
function backoffMs(retry: number): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
  return step / 2 + Math.random() * (step / 2);
}

/**
 * Runs `attempt` until it succeeds, retrying transient failures with backoff. A StagingError goes
 * through as it is; any other failure becomes TransferFailed, its message starting with `what`
 * (e.g. "download s3://b/k to x.txt").
 */
export async function withRetries<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof StagingError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (!isTransient(error)) throw new StagingError("TransferFailed", `${what} failed: ${message}`, { cause: error });
      if (tries === MAX_TRANSFER_ATTEMPTS) {
        throw new StagingError("TransferFailed", `${what} failed after ${tries} attempts: ${message}`, { cause: error });
      }
      await sleep(backoffMs(tries));
    }
  }
}
