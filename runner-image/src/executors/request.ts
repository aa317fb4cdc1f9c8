import { randomUUID } from "node:crypto";
import { constants } from "node:os";
import { isAbsolute } from "node:path";
import { BadRequest } from "./errors";
import { validateGpuRequest } from "./gpu";
import { validateLabels } from "./labels";
import type { CancelOptions, ExecRequest, LogsOptions, PullPolicy } from "./types";

/** Ids become container names (`stepbatch-<id>`), so they keep to the engine's name characters. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** A UUID is 36 characters, a Batch job id plus an attempt about 40; a bound keeps names readable in `docker ps`. */
export const MAX_ID_LENGTH = 64;
const PULL_POLICIES: readonly PullPolicy[] = ["always", "if-not-present", "never"];

/** The request's id, or a new one; BadRequest for anything in the request an executor could not act on. */
export function checkedRequestId(request: ExecRequest): string {
  validateRequest(request);
  return request.id ?? randomUUID();
}

function validateRequest(request: ExecRequest): void {
  const { id, workspace, workdir, command, env, labels, resources, gpu, timeoutMs, pullPolicy } = request;
  if (id !== undefined && !(ID_PATTERN.test(id) && id.length <= MAX_ID_LENGTH)) {
    throw new BadRequest(`job id ${JSON.stringify(id)} must be 1 to ${MAX_ID_LENGTH} letters, digits, "_", "." or "-", starting with a letter or digit`);
  }
  if (!isAbsolute(workspace)) throw new BadRequest(`workspace must be an absolute path, not ${JSON.stringify(workspace)}`);
  if (!isAbsolute(workdir)) throw new BadRequest(`workdir must be an absolute path, not ${JSON.stringify(workdir)}`);
  if (!Array.isArray(command) || command.length === 0 || command.some((word) => typeof word !== "string") || command[0] === "") {
    throw new BadRequest("command must be a non-empty list of strings, starting with the program to run");
  }
  for (const [name, value] of Object.entries(env)) {
    if (!/^[^=\0]+$/.test(name)) throw new BadRequest(`environment variable name ${JSON.stringify(name)} must be non-empty, without "=" or NUL`);
    if (typeof value !== "string" || value.includes("\0")) throw new BadRequest(`environment variable ${name} must hold a string without NUL`);
  }
  validateLabels(labels, "label");
  if (resources?.cpus !== undefined && !(Number.isFinite(resources.cpus) && resources.cpus > 0)) {
    throw new BadRequest(`resources.cpus must be a positive number, not ${resources.cpus}`);
  }
  if (resources?.memoryMiB !== undefined && !(Number.isInteger(resources.memoryMiB) && resources.memoryMiB > 0)) {
    throw new BadRequest(`resources.memoryMiB must be a positive whole number, not ${resources.memoryMiB}`);
  }
  if (gpu !== undefined) validateGpuRequest(gpu);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new BadRequest(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`);
  }
  if (pullPolicy !== undefined && !PULL_POLICIES.includes(pullPolicy)) {
    throw new BadRequest(`pullPolicy must be one of ${PULL_POLICIES.join(", ")}, not ${JSON.stringify(pullPolicy)}`);
  }
}

export function validateCancelOptions({ signal, graceMs }: CancelOptions): void {
  if (!(signal in constants.signals)) throw new BadRequest(`${JSON.stringify(signal)} is not a signal name (SIGTERM, SIGINT, ...)`);
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw new BadRequest(`graceMs must be a number of milliseconds ≥ 0, not ${graceMs}`);
}

export function validateLogsOptions({ tail }: LogsOptions): void {
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new BadRequest(`tail must be a whole number of lines ≥ 0, not ${tail}`);
}
