// Tiny builders for normalised workflows, so each test states only what it is about.

import type {
  BatchStep,
  ChooserStep,
  NativeStep,
  NativeType,
  ParallelBranch,
  ParallelStep,
  ScatterStep,
  Step,
  SubpipeStep,
  Workflow,
} from "../../../shared/spec/types";

const at = { file: "workflow.yaml", line: 3, col: 5 };

export function workflow(steps: Step[]): Workflow {
  return {
    repository: "s3://bucket/repo/${job.id}",
    parameters: {},
    options: { shell: "sh", s3Tags: {}, jobTags: {} },
    steps,
  };
}

export function batch(name: string, next: string | null = null, image = "docker.io/library/ubuntu"): BatchStep {
  return {
    kind: "batch",
    name,
    next,
    at,
    image: { name: image },
    inputs: null,
    references: {},
    commands: ["true"],
    outputs: [],
    s3Tags: {},
    jobTags: {},
    skip: "none",
    compute: { cpus: 1, memoryMiB: 1024, gpu: 0, spot: true, shell: "sh", consumes: {} },
    filesystems: [],
    qcCheck: [],
    retry: { attempts: 3, intervalSeconds: 3, backoffRate: 1.5 },
  };
}

export function chooser(name: string, choices: Array<[string, string]>, next: string): ChooserStep {
  return { kind: "chooser", name, next, at, inputs: {}, choices: choices.map(([cond, to]) => ({ if: cond, next: to })) };
}

export function scatter(name: string, keys: string[], steps: Step[], next: string | null = null): ScatterStep {
  return {
    kind: "scatter",
    name,
    next,
    at,
    scatter: Object.fromEntries(keys.map((key) => [key, ["a", "b"]])),
    inputs: null,
    steps,
    outputs: {},
    maxConcurrency: 0,
    errorTolerance: { count: 0 },
  };
}

export function parallel(name: string, branches: ParallelBranch[], next: string | null = null): ParallelStep {
  return { kind: "parallel", name, next, at, inputs: {}, branches };
}

export function subpipe(name: string, child: string, next: string | null = null): SubpipeStep {
  return { kind: "subpipe", name, next, at, subpipe: child, retrieve: [], submit: [] };
}

export function native(name: string, type: NativeType, next: string | null = null, branches?: Step[][]): NativeStep {
  return { kind: "native", name, next, at, type, body: {}, ...(branches ? { branches } : {}) };
}
