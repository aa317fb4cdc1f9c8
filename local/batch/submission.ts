import { StatesError } from "../asl/errors";
import type { Json } from "../asl/types";
import { LOCAL_REVISION, type LocalJobDefinition } from "./jobDefinitions";

/** A SubmitJob request, read and checked: what the Task state's Parameters asked for. */
export interface Submission {
  jobName: string;
  definition: LocalJobDefinition;
  jobQueue: string;
  shareIdentifier?: string;
  parameters: Record<string, string>;
  /** ContainerOverrides.Environment. */
  environment: Record<string, string>;
  tags: Record<string, string>;
}

/** Batch's job name rule: up to 128 letters, digits, hyphens and underscores, starting with a letter or digit. */
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Batch reserves this prefix for the variables it sets; overrides may not use it. */
const RESERVED_ENV_PREFIX = "AWS_BATCH_";
const FIELDS = new Set(["JobName", "JobDefinition", "JobQueue", "ShareIdentifier", "Parameters", "ContainerOverrides", "Tags"]);
const OVERRIDES = new Set(["Environment"]);
/** The error Step Functions reports when Batch refuses a SubmitJob request as malformed. */
export const CLIENT_EXCEPTION = "Batch.ClientException";

/**
 * Reads a submitJob Task's input. What real Batch would refuse (a bad name, an unknown job
 * definition, a reserved variable) fails as Batch.ClientException; a field a local run does not
 * implement is refused by name rather than ignored.
 */
export function readSubmission(input: Json, definitions: Readonly<Record<string, LocalJobDefinition>>): Submission {
  const request = object(input, "the submitJob parameters");
  for (const key of Object.keys(request)) if (!FIELDS.has(key)) throw refused(`${key} is not supported by the local Batch`);
  const jobName = string(request.JobName, "JobName");
  if (!JOB_NAME.test(jobName)) {
    throw refused(`JobName ${JSON.stringify(jobName)} must be 1 to 128 letters, digits, hyphens and underscores, starting with a letter or digit`);
  }
  const definitionName = string(request.JobDefinition, "JobDefinition");
  const definition = findDefinition(definitionName, definitions);
  const overrides = request.ContainerOverrides === undefined ? {} : object(request.ContainerOverrides, "ContainerOverrides");
  for (const key of Object.keys(overrides)) if (!OVERRIDES.has(key)) throw refused(`ContainerOverrides.${key} is not supported by the local Batch`);
  const environment = environmentList(overrides.Environment);
  const shareIdentifier = request.ShareIdentifier === undefined ? undefined : string(request.ShareIdentifier, "ShareIdentifier");
  return {
    jobName,
    definition,
    jobQueue: string(request.JobQueue, "JobQueue"),
    ...(shareIdentifier !== undefined && { shareIdentifier }),
    parameters: stringMap(request.Parameters, "Parameters"),
    environment,
    tags: stringMap(request.Tags, "Tags"),
  };
}

/** A job definition by ARN, as the compiled Task names it, or by `name` or `name:revision` as Batch also accepts. */
function findDefinition(name: string, definitions: Readonly<Record<string, LocalJobDefinition>>): LocalJobDefinition {
  const found = definitions[name] ?? Object.values(definitions).find((definition) => definition.name === name || `${definition.name}:${LOCAL_REVISION}` === name);
  if (found !== undefined) return found;
  throw refused(`JobDefinition ${name} is not one of this workflow's job definitions (${Object.keys(definitions).join(", ") || "it has none"})`);
}

function environmentList(value: Json | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw refused("ContainerOverrides.Environment must be a list of {Name, Value}");
  const environment: Record<string, string> = {};
  value.forEach((entry, i) => {
    const where = `ContainerOverrides.Environment[${i}]`;
    const pair = object(entry, where);
    const name = string(pair.Name, `${where}.Name`);
    if (name.startsWith(RESERVED_ENV_PREFIX)) throw refused(`${where}: ${name} uses the prefix ${RESERVED_ENV_PREFIX}, which Batch reserves for its own variables`);
    environment[name] = string(pair.Value, `${where}.Value`);
  });
  return environment;
}

function stringMap(value: Json | undefined, where: string): Record<string, string> {
  if (value === undefined) return {};
  const map = object(value, where);
  return Object.fromEntries(Object.entries(map).map(([key, item]) => [key, string(item, `${where}.${key}`)]));
}

function object(value: Json | undefined, where: string): { [key: string]: Json } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw refused(`${where} must be an object`);
  return value;
}

function string(value: Json | undefined, where: string): string {
  if (typeof value !== "string") throw refused(`${where} must be a string`);
  return value;
}

function refused(message: string): StatesError {
  return new StatesError(CLIENT_EXCEPTION, message);
}
