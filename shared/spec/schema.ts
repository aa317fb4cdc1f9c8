import { KIND_KEYS } from "./block";
import {
  batchFields,
  chooserFields,
  nativeType,
  options,
  parallelFields,
  parameters,
  repository,
  scatterFields,
  STEP_NAME,
  subpipeFields,
  TOP_LEVEL,
} from "./language";
import { object, type JsonSchema } from "./shapes";

// The JSON Schema is assembled from the same shapes the validator reads with, so the two agree on
// every field. What a schema cannot say (unique names across blocks, jumps, file-name clashes) only
// the validator checks.

const KIND_BODIES: Record<string, JsonSchema> = {
  scatter: object(scatterFields, { description: "Scatter/gather: run the steps once per item." }).schema,
  commands: object(batchFields, { description: "Batch step: shell commands in a container." }).schema,
  subpipe: object(subpipeFields, { description: "Run another workflow on this job." }).schema,
  Type: {
    type: "object",
    description: "Native Step Functions state.",
    required: ["Type"],
    properties: {
      Type: nativeType.schema,
      Branches: {
        type: "array",
        minItems: 1,
        items: { type: "object", properties: { steps: { $ref: "#/definitions/steps" } }, required: ["steps"], additionalProperties: false },
      },
      Next: { type: "string", pattern: STEP_NAME.source },
      next: { type: "string", pattern: STEP_NAME.source },
      End: { type: "boolean" },
      end: { type: "boolean" },
    },
  },
  choices: object(chooserFields, { description: "Chooser: go to the first step whose condition holds." }).schema,
  branches: object(parallelFields, { description: "Parallel branches, each run when its condition holds." }).schema,
};

/** Dispatches on the key that decides a step's kind, in the validator's order of precedence. */
function stepBody(keys: string[]): JsonSchema {
  if (keys.length === 0) return { not: {}, description: "not a recognized step type" };
  const [key, ...rest] = keys;
  return { if: { required: [key] }, then: KIND_BODIES[key], else: stepBody(rest) };
}

const stepName = { pattern: STEP_NAME.source };

export function workflowSchema(): JsonSchema {
  const topLevel = (key: string, schema: JsonSchema) => [
    [key, schema],
    [key.toLowerCase(), schema],
  ];
  const bodies: Record<(typeof TOP_LEVEL)[number], JsonSchema> = {
    Transform: { type: "string", description: "The CloudFormation macro name; ignored by stepbatch." },
    Repository: repository.schema,
    Parameters: { ...parameters.schema, description: "CloudFormation parameters; ${Name} is replaced at compile time." },
    Options: options.schema,
    Steps: { $ref: "#/definitions/steps" },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://stepbatch.dev/schema/workflow.json",
    title: "stepbatch workflow",
    type: "object",
    properties: Object.fromEntries(TOP_LEVEL.flatMap((key) => topLevel(key, bodies[key]))),
    additionalProperties: false,
    allOf: ["Repository", "Steps"].map((key) => ({ anyOf: [{ required: [key] }, { required: [key.toLowerCase()] }] })),
    not: { anyOf: TOP_LEVEL.map((key) => ({ required: [key, key.toLowerCase()] })) },
    definitions: {
      step: { type: "object", ...stepBody(KIND_KEYS) },
      steps: {
        anyOf: [
          {
            type: "array",
            minItems: 1,
            items: { type: "object", minProperties: 1, maxProperties: 1, propertyNames: stepName, additionalProperties: { $ref: "#/definitions/step" } },
          },
          { type: "object", minProperties: 1, propertyNames: stepName, additionalProperties: { $ref: "#/definitions/step" } },
        ],
      },
    },
  };
}
