import type { CfnTemplate } from "../../shared/compiler/types";
import type { Json } from "../asl/types";
import { LOCAL_PLACE } from "../place";
import { TemplateError } from "./errors";
import { resolveIntrinsics, type IntrinsicScope, type Place } from "./intrinsics";

const JOB_DEFINITION_TYPE = "AWS::Batch::JobDefinition";
/** A local run registers each job definition once, so every one is revision 1. */
export const LOCAL_REVISION = 1;
/** Batch's default when a job definition names no RetryStrategy: one attempt. */
const DEFAULT_ATTEMPTS = 1;
/** Batch accepts 1 to 10 attempts. */
const MAX_ATTEMPTS = 10;

/** One EvaluateOnExit condition (Batch: every given pattern must match; Action is not case sensitive). */
export interface EvaluateOnExit {
  action: "RETRY" | "EXIT";
  onStatusReason?: string;
  onReason?: string;
  onExitCode?: string;
}

export interface RetryStrategy {
  attempts: number;
  evaluateOnExit: EvaluateOnExit[];
}

/** What a job needs of the compute environment (ResourceRequirements). */
export interface JobResources {
  vcpus: number;
  memoryMiB: number;
  gpus?: number;
}

/** A compiled job definition, resolved and read into what the local Batch runs. */
export interface LocalJobDefinition {
  arn: string;
  name: string;
  logicalId: string;
  /** Parameter defaults; the submitted job's Parameters win. */
  parameters: Record<string, string>;
  /** The runner image (reported in the job description; the runner itself runs in this process). */
  image: string;
  /** The runner's command line with `Ref::name` placeholders. */
  command: string[];
  environment: Record<string, string>;
  jobRoleArn?: string;
  resources: JobResources;
  retryStrategy: RetryStrategy;
  /** Timeout.AttemptDurationSeconds. */
  timeoutSeconds?: number;
  tags: Record<string, string>;
}

export interface LocalJobDefinitions {
  /** By local job definition ARN: `arn:aws:batch:<region>:<account>:job-definition/<name>:1`. */
  jobDefinitions: Record<string, LocalJobDefinition>;
  /** Logical id → job definition ARN: the engine's DefinitionSubstitutions for `${<Step>JobDef}`. */
  substitutions: Record<string, string>;
}

type Template = Pick<CfnTemplate, "Resources" | "Parameters">;

/**
 * Every AWS::Batch::JobDefinition of a compiled template, with its intrinsics resolved as
 * CloudFormation would resolve them in `place`, keyed by the ARN Batch would give it. A TemplateError
 * names the first value that cannot be resolved or read.
 */
export function localJobDefinitions(template: Template, place: Place = LOCAL_PLACE): LocalJobDefinitions {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === JOB_DEFINITION_TYPE);
  const arns = new Map<string, string>();
  const scope: IntrinsicScope = {
    place,
    ref: (logicalId) => {
      if (ids.includes(logicalId)) return arnOf(logicalId);
      const parameter = template.Parameters?.[logicalId];
      return parameter?.Default === undefined ? undefined : String(parameter.Default);
    },
  };
  // A job definition's name may itself refer to things; resolved once, when first needed.
  const arnOf = (logicalId: string): string => {
    let arn = arns.get(logicalId);
    if (arn === undefined) {
      const path = `Resources.${logicalId}.Properties.JobDefinitionName`;
      const name = resolveIntrinsics(template.Resources[logicalId].Properties.JobDefinitionName, scope, path);
      if (typeof name !== "string" || name === "") throw new TemplateError("BadJobDefinition", `${path} must be a non-empty string`);
      arn = `arn:aws:batch:${place.region}:${place.accountId}:job-definition/${name}:${LOCAL_REVISION}`;
      arns.set(logicalId, arn);
    }
    return arn;
  };

  const jobDefinitions: Record<string, LocalJobDefinition> = {};
  const substitutions: Record<string, string> = {};
  for (const logicalId of ids) {
    const arn = arnOf(logicalId);
    const path = `Resources.${logicalId}.Properties`;
    const properties = new Fields(resolveIntrinsics(template.Resources[logicalId].Properties, scope, path), path);
    jobDefinitions[arn] = readJobDefinition(properties, arn, logicalId);
    substitutions[logicalId] = arn;
  }
  return { jobDefinitions, substitutions };
}

function readJobDefinition(properties: Fields, arn: string, logicalId: string): LocalJobDefinition {
  const container = properties.object("ContainerProperties");
  const retry = properties.optionalObject("RetryStrategy");
  const timeout = properties.optionalObject("Timeout");
  const jobRoleArn = container.optionalString("JobRoleArn");
  const timeoutSeconds = timeout?.optionalNumber("AttemptDurationSeconds");
  return {
    arn,
    name: properties.string("JobDefinitionName"),
    logicalId,
    parameters: properties.optionalObject("Parameters")?.stringMap() ?? {},
    image: container.string("Image"),
    command: container.strings("Command"),
    environment: Object.fromEntries(container.list("Environment").map((entry) => [entry.string("Name"), entry.string("Value")])),
    ...(jobRoleArn !== undefined && { jobRoleArn }),
    resources: resources(container),
    retryStrategy: {
      attempts: retryAttempts(retry),
      evaluateOnExit: retry?.list("EvaluateOnExit").map(evaluateOnExit) ?? [],
    },
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
    tags: properties.optionalObject("Tags")?.stringMap() ?? {},
  };
}

function resources(container: Fields): JobResources {
  const requirements = new Map(container.list("ResourceRequirements").map((entry) => [entry.string("Type"), entry]));
  const amount = (type: string): number | undefined => {
    const entry = requirements.get(type);
    if (entry === undefined) return undefined;
    const value = Number(entry.string("Value"));
    if (!(value > 0)) throw entry.bad(`the ${type} requirement must be a positive number`);
    return value;
  };
  const vcpus = amount("VCPU");
  const memoryMiB = amount("MEMORY");
  if (vcpus === undefined || memoryMiB === undefined) throw container.bad("ResourceRequirements must give VCPU and MEMORY");
  const gpus = amount("GPU");
  return { vcpus, memoryMiB, ...(gpus !== undefined && { gpus }) };
}

function retryAttempts(retry: Fields | undefined): number {
  const attempts = retry?.optionalNumber("Attempts") ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
    throw retry!.bad(`Attempts must be a whole number from 1 to ${MAX_ATTEMPTS}, as Batch requires`);
  }
  return attempts;
}

function evaluateOnExit(entry: Fields): EvaluateOnExit {
  const action = entry.string("Action").toUpperCase();
  if (action !== "RETRY" && action !== "EXIT") throw entry.bad("Action must be RETRY or EXIT");
  const onStatusReason = entry.optionalString("OnStatusReason");
  const onReason = entry.optionalString("OnReason");
  const onExitCode = entry.optionalString("OnExitCode");
  return {
    action,
    ...(onStatusReason !== undefined && { onStatusReason }),
    ...(onReason !== undefined && { onReason }),
    ...(onExitCode !== undefined && { onExitCode }),
  };
}

/** A resolved JSON object read field by field; each misfit names its template path. */
class Fields {
  private readonly value: { [key: string]: Json };

  constructor(
    value: Json,
    private readonly path: string,
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw this.bad("must be an object");
    this.value = value;
  }

  bad(problem: string): TemplateError {
    return new TemplateError("BadJobDefinition", `${this.path}: ${problem}`);
  }

  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw this.bad(`${key} is missing`);
    return value;
  }

  optionalString(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw this.bad(`${key} must be a string`);
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.value[key];
    if (value === undefined) return undefined;
    if (typeof value !== "number") throw this.bad(`${key} must be a number`);
    return value;
  }

  strings(key: string): string[] {
    const value = this.value[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw this.bad(`${key} must be a list of strings`);
    return value as string[];
  }

  object(key: string): Fields {
    const value = this.value[key];
    if (value === undefined) throw this.bad(`${key} is missing`);
    return new Fields(value, `${this.path}.${key}`);
  }

  optionalObject(key: string): Fields | undefined {
    return this.value[key] === undefined ? undefined : this.object(key);
  }

  /** A list of objects; a missing list is empty. */
  list(key: string): Fields[] {
    const value = this.value[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.bad(`${key} must be a list`);
    return value.map((item, i) => new Fields(item, `${this.path}.${key}[${i}]`));
  }

  stringMap(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.value).map((key) => [key, this.string(key)]));
  }
}
