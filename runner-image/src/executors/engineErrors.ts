import { EngineFailed } from "./errors";

/** What dockerode's errors carry: the HTTP status and the engine's JSON answer. */
interface EngineErrorShape {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

/** The HTTP status of an engine answer; undefined when the engine was not reached. */
export function engineStatus(error: unknown): number | undefined {
  return (error as EngineErrorShape)?.statusCode;
}

/** The engine's own words, without dockerode's "(HTTP code 500) server error - " prefix. */
export function engineMessage(error: unknown): string {
  const { json, message } = (error ?? {}) as EngineErrorShape;
  if (typeof json?.message === "string") return json.message;
  return (message ?? String(error)).replace(/^\(HTTP code \d+\) [^-]*- /, "").trim();
}

/** An engine call that failed for no reason the request explains: unreachable socket, a dropped connection, a 500. */
export function engineFailed(doing: string, error: unknown): EngineFailed {
  return new EngineFailed(`the Docker engine failed while ${doing}: ${engineMessage(error)}`, { cause: error });
}
