import { KIND_KEYS } from "./block";
import {
  batchStep,
  chooserStep,
  nativeType,
  options,
  parallelStep,
  parameters,
  repository,
  scatterStep,
  STEP_NAME,
  subpipeStep,
  TOP_LEVEL,
} from "./language";
import type { JsonSchema } from "./shapes";

// The JSON Schema is assembled from the same shapes the validator reads with, so the two agree on
// every field. What a schema cannot say (unique names across blocks, jumps, file-name clashes) only
// the validator checks.

const FLOW_KEYS = ["Next", "next", "End", "end"];

const KIND_BODIES: Record<string, JsonSchema> = {
  scatter: scatterStep.schema,
  commands: batchStep.schema,
  subpipe: subpipeStep.schema,
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
      End: { const: true },
      end: { const: true },
    },
    not: { anyOf: ["Next", "next"].flatMap((n) => ["End", "end"].map((e) => ({ required: [n, e] }))) },
    // As the validator: Succeed and Fail end by themselves, only Parallel has Branches and it must.
    allOf: [
      { if: { properties: { Type: { enum: ["Succeed", "Fail"] } } }, then: { not: { anyOf: FLOW_KEYS.map((k) => ({ required: [k] })) } } },
      { if: { properties: { Type: { const: "Parallel" } } }, then: { required: ["Branches"] }, else: { not: { required: ["Branches"] } } },
    ],
  },
  choices: chooserStep.schema,
  branches: parallelStep.schema,
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
