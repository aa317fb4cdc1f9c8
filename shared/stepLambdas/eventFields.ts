import { repositoryFromUri, type Repository } from "../repository";
import { describeValue } from "../spec/errors";
import type { CopySpec } from "../spec/types";
import { StepLambdaError } from "./errors";

/**
 * Reads the fields of a step Lambda's event, as the compiled state machine sends them
 * (shared/compiler/steps/*.ts); a field that is missing or of the wrong shape is a BadEvent error
 * naming the Lambda and the field.
 */
export class EventFields {
  private readonly event: Record<string, unknown>;

  constructor(
    private readonly lambda: string,
    event: unknown,
    /** Where these fields sit in the event, for messages: "" at the top, `subpipe.` inside `subpipe`. */
    private readonly path = "",
  ) {
    if (!isRecord(event)) throw new StepLambdaError("BadEvent", `${lambda} event: expected an object, got ${describeValue(event)}`);
    this.event = event;
  }

  /** The fields of an object inside the event. */
  nested(name: string): EventFields {
    return new EventFields(this.lambda, this.object(name), `${this.path}${name}.`);
  }

  has(name: string): boolean {
    return this.event[name] !== undefined;
  }

  string(name: string): string {
    const value = this.event[name];
    if (typeof value !== "string" || value === "") throw this.bad(name, "a non-empty string", value);
    return value;
  }

  /** Absent and null both mean "not given". */
  optionalString(name: string): string | undefined {
    return this.event[name] === undefined || this.event[name] === null ? undefined : this.string(name);
  }

  /** A repository given as its URI. */
  repositoryUri(name: string): Repository {
    return this.toRepository(name, this.string(name));
  }

  /** A repository given as `{bucket, prefix, uri}`; the URI is what counts. */
  repositoryObject(name: string): Repository {
    const value = this.event[name];
    if (!isRecord(value) || typeof value.uri !== "string") throw this.bad(name, "a repository {bucket, prefix, uri}", value);
    return this.toRepository(`${name}.uri`, value.uri);
  }

  /** A JSON object with string values, sent as JSON text (`inputs`, `outputs`). */
  stringMapJson(name: string): Record<string, string> {
    const value = this.json(name);
    if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
      throw this.bad(name, "JSON text of an object of strings", value);
    }
    return value as Record<string, string>;
  }

  /** A list of `{from, to}` copy specs, sent as JSON text. */
  copySpecsJson(name: string): CopySpec[] {
    const value = this.json(name);
    if (!Array.isArray(value) || !value.every((v) => isRecord(v) && typeof v.from === "string" && typeof v.to === "string")) {
      throw this.bad(name, 'JSON text of a list of {"from", "to"}', value);
    }
    return value as CopySpec[];
  }

  /** A JSON object sent as JSON text. */
  objectJson(name: string): Record<string, unknown> {
    const value = this.json(name);
    if (!isRecord(value)) throw this.bad(name, "JSON text of an object", value);
    return value;
  }

  object(name: string): Record<string, unknown> {
    const value = this.event[name];
    if (!isRecord(value)) throw this.bad(name, "an object", value);
    return value;
  }

  stringList(name: string): string[] {
    const value = this.event[name];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw this.bad(name, "a list of strings", value);
    return value;
  }

  /** `step_name` where the event has one, else the step its log preamble names. */
  stepName(): string {
    if (this.has("step_name")) return this.string("step_name");
    const logging = this.event.logging;
    if (isRecord(logging) && typeof logging.step_name === "string" && logging.step_name !== "") return logging.step_name;
    throw this.bad("step_name", "a non-empty string", undefined);
  }

  private json(name: string): unknown {
    const text = this.string(name);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new StepLambdaError("BadEvent", `${this.lambda} event: field '${this.path}${name}' is not JSON text: ${(error as Error).message}`);
    }
  }

  private toRepository(name: string, uri: string): Repository {
    try {
      return repositoryFromUri(uri);
    } catch (error) {
      throw new StepLambdaError("BadEvent", `${this.lambda} event: field '${this.path}${name}': ${(error as Error).message}`, { cause: error });
    }
  }

  private bad(name: string, expected: string, got: unknown): StepLambdaError {
    return new StepLambdaError("BadEvent", `${this.lambda} event: field '${this.path}${name}' must be ${expected}, got ${describeValue(got)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
