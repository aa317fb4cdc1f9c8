// Small factories for the normalised workflow model, with the defaults of workflow-language.md, so
// a test names only what it is about. Leave `next` out and `workflow()` (or the enclosing block's
// factory) links the step to the one after it, or ends the block — as a YAML author's step order does.
import { DEFAULT_IMAGE } from "../../shared/spec/language";
import type {
  BatchStep,
  ChooserStep,
  Compute,
  NativeStep,
  Options,
  ParallelBranch,
  ParallelStep,
  Retry,
  ScatterStep,
  SourcePos,
  Step,
  SubpipeStep,
  Workflow,
} from "../../shared/spec/types";

export const AT: SourcePos = { file: "test.yaml", line: 1, col: 1 };

export const DEFAULT_COMPUTE: Compute = { cpus: 1, memoryMiB: 1024, gpu: 0, spot: true, shell: "sh", consumes: {} };
export const DEFAULT_RETRY: Retry = { attempts: 3, intervalSeconds: 3, backoffRate: 1.5 };
export const DEFAULT_OPTIONS: Options = { shell: "sh", s3Tags: {}, jobTags: {} };

/** Steps whose `next` was left out, waiting for their block to link them. */
const followsOn = new WeakSet<Step>();

type Draft<S extends Step> = Partial<Omit<S, "kind" | "name" | "next">> & { name: string; next?: string | null };

function finish<S extends Step>(step: S, next: string | null | undefined): S {
  if (next === undefined) followsOn.add(step);
  return step;
}

/** Links each step that has no `next` yet to the step after it (the last one ends the block). */
export function linked(steps: Step[]): Step[] {
  steps.forEach((step, i) => {
    if (!followsOn.has(step)) return;
    followsOn.delete(step);
    step.next = steps[i + 1]?.name ?? null;
  });
  return steps;
}

export function batchStep(o: Omit<Draft<BatchStep>, "compute" | "retry"> & { compute?: Partial<Compute>; retry?: Partial<Retry> }): BatchStep {
  const { next, compute, retry, ...rest } = o;
  return finish(
    {
      kind: "batch",
      next: next ?? null,
      at: AT,
      image: { name: DEFAULT_IMAGE },
      inputs: null,
      references: {},
      commands: ["echo hello"],
      outputs: [],
      s3Tags: {},
      jobTags: {},
      skip: "none",
      filesystems: [],
      qcCheck: [],
      ...rest,
      compute: { ...DEFAULT_COMPUTE, ...compute },
      retry: { ...DEFAULT_RETRY, ...retry },
    },
    next,
  );
}

export function scatterStep(o: Draft<ScatterStep> & { steps: Step[] }): ScatterStep {
  const { next, ...rest } = o;
  return finish(
    {
      kind: "scatter",
      next: next ?? null,
      at: AT,
      scatter: { item: ["a", "b"] },
      inputs: null,
      outputs: {},
      maxConcurrency: 0,
      errorTolerance: { count: 0 },
      ...rest,
      steps: linked(rest.steps),
    },
    next,
  );
}

export function subpipeStep(o: Draft<SubpipeStep> & { subpipe: string }): SubpipeStep {
  const { next, ...rest } = o;
  return finish({ kind: "subpipe", next: next ?? null, at: AT, retrieve: [], submit: [], ...rest }, next);
}

export function nativeStep(o: Draft<NativeStep> & { type: NativeStep["type"] }): NativeStep {
  const { next, branches, ...rest } = o;
  return finish(
    { kind: "native", next: next ?? null, at: AT, body: {}, ...rest, ...(branches && { branches: branches.map(linked) }) },
    next,
  );
}

/** A chooser's `next` is its fallthrough; left out, it is the following step. */
export function chooserStep(o: Omit<Draft<ChooserStep>, "next"> & { next?: string; choices: ChooserStep["choices"] }): ChooserStep {
  const { next, ...rest } = o;
  return finish({ kind: "chooser", next: next ?? "", at: AT, inputs: {}, ...rest }, next);
}

export function parallelStep(o: Draft<ParallelStep> & { branches: ParallelBranch[] }): ParallelStep {
  const { next, ...rest } = o;
  return finish(
    {
      kind: "parallel",
      next: next ?? null,
      at: AT,
      inputs: {},
      ...rest,
      branches: rest.branches.map((b) => ({ ...b, steps: linked(b.steps) })),
    },
    next,
  );
}

export function workflow(steps: Step[], o: Partial<Omit<Workflow, "steps">> = {}): Workflow {
  return {
    repository: "s3://data-bucket/runs/${job.id}",
    parameters: {},
    options: DEFAULT_OPTIONS,
    ...o,
    steps: linked(steps),
  };
}
