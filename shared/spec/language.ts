import { COPY_SPEC, IMAGE_SHORTHAND, OUTPUT_SHORTHAND, parseCopySpec, parseImageShorthand, parseOutputShorthand } from "./shorthand";
import {
  anything,
  bool,
  byKind,
  field,
  integer,
  list,
  listOrOne,
  num,
  converted,
  object,
  oneOf,
  parsed,
  record,
  str,
  trueOnly,
  type Shape,
} from "./shapes";
import type { CopySpec, ErrorTolerance, ImageSpec, NativeType, OutputSpec, ScatterSource, Shell } from "./types";
import { DURATION_PATTERN, parseDurationSeconds, parseMemoryMiB, SIZE_PATTERN } from "./units";

// The workflow language, field by field (docs/workflow-language.md). Step blocks are recursive, so
// the fields that hold steps are read by block.ts; here they are declared with `stepsPlaceholder`
// and the schema refers to the shared definition.

export const STEP_NAME = /^[A-Za-z0-9_-]{1,80}$/;
export const STEP_NAME_EXPECTED = "a step name of letters, digits, '_' and '-' (at most 80 characters)";
/** Symbolic file names end up in ${name} substitutions in commands. */
export const SYMBOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const SYMBOL_EXPECTED = "a name of letters, digits, '_' and '-'";
export const OPTIONAL_INPUT_SUFFIX = "?";
/** Smallest container memory AWS Batch accepts. */
export const MIN_MEMORY_MIB = 4;
/** Batch refuses attempt timeouts under 60 s; shorter ones are raised to this floor. */
export const MIN_TIMEOUT_SECONDS = 60;

export const DEFAULT_IMAGE = "public.ecr.aws/ubuntu/ubuntu:latest";
export const SHELLS: readonly Shell[] = ["sh", "bash", "sh-pipefail"];
export const NATIVE_TYPES: readonly NativeType[] = ["Pass", "Task", "Wait", "Succeed", "Fail", "Parallel"];

const shell = oneOf(SHELLS, "sh runs `sh -veu`, bash runs `bash -veuo pipefail`, sh-pipefail runs `sh -veuo pipefail`");
const tags = (description: string) => record(str({ coerce: true, expected: "a tag value" }), { description });

/** Stands for a list of steps; block.ts reads it, and the schema points at the shared definition. */
export const stepsPlaceholder: Shape<never> = {
  expected: "a list of steps",
  schema: { $ref: "#/definitions/steps" },
  // Not undefined, which would mark the enclosing mapping invalid: the steps are read afterwards.
  read: () => null as never,
};

const stepName = str({ pattern: STEP_NAME, expected: STEP_NAME_EXPECTED });
const flow = {
  next: field(stepName, "The step to go to after this one (in the same block)."),
  end: field(trueOnly("end can only be true (leave it out to go on to the following step)"), "true ends the workflow (or the enclosing block) after this step."),
};
const NEXT_OR_END: [string, string] = ["next", "end"];

const imageShape: Shape<ImageSpec> = byKind<ImageSpec>(
  {
    scalar: parsed({
      expected: 'an image name, optionally followed by "+auth: <secret>"',
      schema: { type: "string", pattern: IMAGE_SHORTHAND.source },
      parse: (v) => (typeof v === "string" ? parseImageShorthand(v) : undefined),
    }),
    map: converted(
      object(
        {
          name: field(str({ pattern: /^\S+$/, expected: "an image name" }), "Image name.", true),
          auth: field(str({ pattern: /^\S+$/, expected: "a secret name or ARN" }), "Secrets Manager secret with registry credentials."),
        },
        { expected: "an image mapping with name and auth" },
      ),
      (v): ImageSpec => ({ name: v.name!, ...(v.auth !== undefined && { auth: v.auth }) }),
    ),
  },
  'an image name or a mapping with name and auth',
  "Container image the commands run in. Short names expand to the account's ECR registry.",
);

const S3_FOLDER = /^s3:\/\/[^/\s]+\/(\S*\/)?$/;
const filePath = str({ pattern: /\S/, expected: "a file name, s3:// URI or glob" });
const inputs = record(filePath, {
  keyPattern: /^[A-Za-z0-9_][A-Za-z0-9_-]*\??$/,
  keyExpected: `${SYMBOL_EXPECTED}, optionally ending in '?'`,
  allowList: true,
  description: "Files copied into the workspace: symbolic name -> file. A name ending in '?' is optional.",
});

const outputValue: Shape<Omit<OutputSpec, "name">> = byKind<Omit<OutputSpec, "name">>(
  {
    scalar: parsed({
      expected: 'an output like "file.txt", "file.txt -> s3://bucket/folder/" or "file.txt +tag: value"',
      schema: { type: "string", pattern: OUTPUT_SHORTHAND.source },
      parse: (v) => (typeof v === "string" ? parseOutputShorthand(v) : undefined),
    }),
    map: converted(
      object(
        {
          name: field(str({ pattern: /\S/, expected: "a local path or glob" }), "Local path (or glob) relative to the workspace.", true),
          dest: field(str({ pattern: S3_FOLDER, expected: 'an s3:// folder ending in "/"' }), "Upload to this s3:// folder instead of the repository."),
          s3_tags: field(tags("Tags on the uploaded objects, over the step's and the workflow's.")),
        },
        { expected: "an output mapping with name, dest and s3_tags" },
      ),
      (v): Omit<OutputSpec, "name"> => ({ path: v.name!, ...(v.dest !== undefined && { dest: v.dest }), s3Tags: Object.fromEntries(v.s3_tags ?? []) }),
    ),
  },
  "an output shorthand string or a mapping with name, dest and s3_tags",
);

export const outputs = record(outputValue, {
  keyPattern: SYMBOL_NAME,
  keyExpected: SYMBOL_EXPECTED,
  allowList: true,
  description: "Files uploaded after the commands: symbolic name -> local path [-> s3://dest/] [+tag: value].",
});

const memory = parsed({
  expected: 'a size like "4 Gb" (or a number of MiB)',
  schema: { anyOf: [{ type: "number", exclusiveMinimum: MIN_MEMORY_MIB - 1 }, { type: "string", pattern: SIZE_PATTERN.source }] },
  parse: (v) => parseMemoryMiB(v),
});
const duration = parsed({
  expected: 'a duration like "30s", "5m" or "2h"',
  schema: { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", pattern: DURATION_PATTERN.source }] },
  parse: (v) => parseDurationSeconds(v),
});

export const batchFields = {
  image: field(imageShape),
  task_role: field(str({ expected: "an IAM role ARN" }), "IAM role for this step's job."),
  inputs: field(inputs),
  references: field(
    record(str({ pattern: /^s3:\/\/[^/]+\/[^*?[\]]+$/, expected: "an s3:// URI without wildcards" }), {
      keyPattern: SYMBOL_NAME,
      keyExpected: SYMBOL_EXPECTED,
      allowList: true,
      description: "Large static files, cached on the host: symbolic name -> s3:// URI.",
    }),
  ),
  commands: field(
    listOrOne(str({ expected: "a command string" }), "Shell commands, run in one shell session.", 1),
    undefined,
    true,
  ),
  outputs: field(outputs),
  s3_tags: field(tags("Tags on every object this step uploads.")),
  job_tags: field(tags("Tags on the Batch job, for cost tracking.")),
  skip_on_rerun: field(bool(), "Skip the step when it already succeeded in this repository."),
  skip_if_output_exists: field(bool(), "Deprecated: skip the step when all its outputs exist."),
  compute: field(
    object({
      cpus: field(integer({ min: 1 }), "vCPUs (default 1)."),
      memory: field(memory, 'Memory (default "1 Gb").'),
      gpu: field(
        byKind<number | "all">({ scalar: parsed({ expected: 'a whole number or "all"', schema: { anyOf: [{ type: "integer", minimum: 0 }, { const: "all" }] }, parse: (v) => (v === "all" || (typeof v === "number" && Number.isInteger(v) && v >= 0) ? (v as number | "all") : undefined) }) }, 'a whole number or "all"'),
        "GPUs (default 0); non-zero routes the job to a GPU queue.",
      ),
      spot: field(bool(), "Run on spot capacity (default true)."),
      queue_name: field(str({ pattern: /^[A-Za-z0-9_-]{1,128}$/, expected: "a Batch queue name" }), "A custom Batch job queue."),
      shell: field(shell),
      consumes: field(record(integer({ min: 1 }), { description: "Batch consumable resources: name -> quantity." })),
    }),
  ),
  filesystems: field(
    listOrOne(
      object({
        efs_id: field(str({ pattern: /^fs-[0-9a-f]+$/, expected: 'an EFS id like "fs-12345678"' }), undefined, true),
        host_path: field(str({ pattern: /^\/[^$]*$/, expected: "an absolute path without ${...}" }), undefined, true),
        root_dir: field(str({ pattern: /^\/[^$]*$/, expected: "an absolute path without ${...}" })),
      }),
      "EFS file systems mounted read-write.",
    ),
  ),
  qc_check: field(
    listOrOne(
      object({
        qc_result_file: field(str({ pattern: /\S/, expected: "a file name" }), "JSON file written by the commands.", true),
        stop_early_if: field(listOrOne(str({ pattern: /\S/, expected: "an expression" })), "Expressions; any true one stops the run.", true),
      }),
      "Quality checks after the commands; a failed check stops the execution.",
    ),
  ),
  retry: field(
    object({
      attempts: field(integer({ min: 0 }), "Retries after the first try (default 3)."),
      interval: field(duration, 'Wait before the first retry (default "3s").'),
      backoff_rate: field(num(), "Multiplier for each later wait (default 1.5, at least 1)."),
    }),
  ),
  timeout: field(duration, "Time limit of one attempt (at least 60 s)."),
  ...flow,
};

const scatterSource: Shape<ScatterSource> = byKind<ScatterSource>(
  {
    scalar: str({ pattern: /\S/, expected: "a scatter source" }),
    seq: list(
      parsed({
        expected: "a string, number or true/false",
        schema: { type: ["string", "number", "boolean"] },
        parse: (v) => v,
      }),
    ),
  },
  "a list, ${job.x}, @file[:selector], an s3 glob or a file name",
);

const tolerance = parsed<ErrorTolerance>({
  expected: 'a whole number or a percentage like "10%"',
  schema: { anyOf: [{ type: "integer", minimum: 0 }, { type: "string", pattern: "^0*(100|[1-9]?[0-9])%$" }] },
  parse: (v) => {
    if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? { count: v } : undefined;
    const m = typeof v === "string" ? /^0*(100|[1-9]?[0-9])%$/.exec(v) : null;
    return m ? { percent: Number(m[1]) } : undefined;
  },
});

const plainFiles = (description: string) => record(filePath, { keyPattern: SYMBOL_NAME, keyExpected: SYMBOL_EXPECTED, allowList: true, description });

export const scatterFields = {
  scatter: field(
    record(scatterSource, { keyPattern: SYMBOL_NAME, keyExpected: SYMBOL_EXPECTED, nonEmpty: "scatter variable", description: "Scatter variables; several give their Cartesian product." }),
    undefined,
    true,
  ),
  inputs: field(plainFiles("Files of this repository made visible to the branches as ${parent.<name>}.")),
  steps: field(stepsPlaceholder, "The steps each branch runs.", true),
  outputs: field(
    record(str({ pattern: /^[^\s/]+$/, expected: "a file name" }), { keyPattern: SYMBOL_NAME, keyExpected: SYMBOL_EXPECTED, allowList: true, description: "Files gathered from every branch into <step>_manifest.json." }),
  ),
  max_concurrency: field(integer({ min: 0, coerce: true }), "Most branches at once (0 = no limit)."),
  error_tolerance: field(tolerance, 'Failed branches tolerated: a count or "N%".'),
  ...flow,
};

const copySpec = parsed<CopySpec>({
  expected: 'a file name or "<file> -> <file>"',
  schema: { type: "string", pattern: COPY_SPEC.source },
  parse: (v) => (typeof v === "string" ? parseCopySpec(v) : undefined),
});

export const subpipeFields = {
  subpipe: field(str({ pattern: /^(arn:aws[\w-]*:states:[^\s]+|[A-Za-z0-9-]{1,80})$/, expected: "a workflow name or a state machine ARN" }), "The workflow to run.", true),
  job_data: field(str({ pattern: /\S/, expected: "a file name or s3:// URI" }), "Job file for the sub-workflow (default: this job's)."),
  retrieve: field(listOrOne(copySpec), "Files copied back from the sub-workflow's repository."),
  submit: field(listOrOne(copySpec), "Deprecated: files copied into the sub-workflow's repository before it starts."),
  ...flow,
};

export const chooserFields = {
  inputs: field(plainFiles("JSON files loaded as named values for the expressions.")),
  choices: field(
    list(
      object({
        if: field(str({ pattern: /\S/, expected: "an expression" }), "A Python-style expression.", true),
        next: field(stepName, "The step to go to when it is true.", true),
      }),
      { min: 1 },
    ),
    "Conditions tried in order; the first true one wins.",
    true,
  ),
  next: flow.next,
};

export const parallelFields = {
  inputs: field(plainFiles("JSON files loaded as named values for the expressions.")),
  branches: field(
    list(
      object({
        if: field(str({ pattern: /\S/, expected: "an expression" }), "Run this branch only when the expression is true."),
        steps: field(stepsPlaceholder, undefined, true),
      }),
      { min: 1 },
    ),
    "Branches that run at the same time.",
    true,
  ),
  ...flow,
};

/** Native step fields the language looks at; every other field passes to Step Functions as is. */
export const nativeType = oneOf(NATIVE_TYPES, "A Step Functions state type (Choice and Map are not allowed).");

export const options = object({
  shell: field(shell),
  task_role: field(str({ expected: "an IAM role ARN" }), "IAM role for every batch step."),
  s3_tags: field(tags("Tags on every object the workflow uploads.")),
  job_tags: field(tags("Tags on every Batch job.")),
  versioned: field(anything("Deprecated and ignored: every workflow is versioned.")),
});

export const parameters = record(
  object(
    { Type: field(str({ expected: "a CloudFormation parameter type" }), undefined, true) },
    { expected: "a CloudFormation parameter", open: true },
  ),
  { keyPattern: /^[A-Za-z0-9]+$/, keyExpected: "a parameter name of letters and digits" },
);

/** Top-level keys, each also accepted in the reference's legacy lower case. */
export const TOP_LEVEL = ["Transform", "Repository", "Parameters", "Options", "Steps"] as const;
export type TopLevelKey = (typeof TOP_LEVEL)[number];

export const repository = str({
  pattern: /^s3:\/\/[^/\s]+(\/\S*)?$/,
  expected: 'an s3:// URI like "s3://bucket/folder/${job.id}"',
  description: "S3 folder of each job's files; ${job.x} takes values from the job file.",
});

/** What a step's body holds, per kind; the validator reads with these and the JSON Schema is made of them. */
export const batchStep = object(batchFields, {
  description: "Batch step: shell commands in a container.",
  exclusive: [NEXT_OR_END, ["skip_on_rerun", "skip_if_output_exists"]],
});
export const scatterStep = object(scatterFields, { description: "Scatter/gather: run the steps once per item.", exclusive: [NEXT_OR_END] });
export const subpipeStep = object(subpipeFields, { description: "Run another workflow on this job.", exclusive: [NEXT_OR_END] });
export const chooserStep = object(chooserFields, { description: "Chooser: go to the first step whose condition holds." });
export const parallelStep = object(parallelFields, { description: "Parallel branches, each run when its condition holds.", exclusive: [NEXT_OR_END] });
