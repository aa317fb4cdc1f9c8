import { BadRequest } from "./errors";

/**
 * Put by the executor on every child it starts, beside the caller's labels: the runner that
 * started it (`docker ps --filter label=stepbatch.runner-id=...`). `cleanup` touches only children
 * carrying this key, so it never removes a container stepbatch did not make.
 */
export const RUNNER_ID_LABEL = "stepbatch.runner-id";

/** A child's labels: the caller's, and the runner's id (which the caller cannot override). */
export function childLabels(labels: Record<string, string>, runnerId: string): Record<string, string> {
  return { ...labels, [RUNNER_ID_LABEL]: runnerId };
}

/** Whether `labels` (a child's) carry the runner-id key and every pair of `wanted`. */
export function matchesLabels(labels: Record<string, string>, wanted: Record<string, string>): boolean {
  return RUNNER_ID_LABEL in labels && Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** Refuses an empty label set for cleanup: it would remove the children of every runner on a shared host. */
export function validateCleanupLabels(labels: Record<string, string>): void {
  if (Object.keys(labels).length === 0) {
    throw new BadRequest("cleanup needs at least one label, so that it removes only the children it is meant to");
  }
  validateLabels(labels, "cleanup label");
}

export function validateLabels(labels: Record<string, string>, what: string): void {
  for (const [key, value] of Object.entries(labels)) {
    if (key === "" || typeof value !== "string") throw new BadRequest(`${what} ${JSON.stringify(key)} must be a non-empty name with a string value`);
  }
}
