// The normalised workflow model: what validation produces and what the compiler, the graph and the
// local engine consume. Every default of docs/workflow-language.md is filled in here, so consumers
// never look at raw YAML.

/** Where something was written: 1-based line and column in the workflow file. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type Shell = "sh" | "bash" | "sh-pipefail";

export interface Options {
  shell: Shell;
  taskRole?: string;
  s3Tags: Record<string, string>;
  jobTags: Record<string, string>;
}

export interface Workflow {
  /** S3 URI template of the per-job repository, trailing "/" removed; may hold ${job.x}. */
  repository: string;
  /** CloudFormation Parameters block, passed through verbatim. */
  parameters: Record<string, Record<string, unknown>>;
  options: Options;
  steps: Step[];
}

export type Step = BatchStep | ScatterStep | SubpipeStep | NativeStep | ChooserStep | ParallelStep;
export type StepKind = Step["kind"];

interface StepBase {
  name: string;
  /** The resolved successor in the same block: explicit `next`, else the following step; null = terminal. */
  next: string | null;
  at: SourcePos;
}

export interface ImageSpec {
  /** As written (after parameter substitution); ECR expansion happens at compile time. */
  name: string;
  /** Secrets Manager secret name or ARN holding registry credentials. */
  auth?: string;
}

export interface InputSpec {
  /** Symbolic name, without the optional marker. */
  name: string;
  /** Repository-relative name, s3:// URI, or glob; may hold ${job.x} etc. */
  path: string;
  optional: boolean;
}

export interface OutputSpec {
  name: string;
  /** Local path relative to the workspace; may be a glob, including **. */
  path: string;
  /** s3://bucket/folder/ destination instead of the repository. */
  dest?: string;
  s3Tags: Record<string, string>;
}

export interface Filesystem {
  efsId: string;
  hostPath: string;
  rootDir: string;
}

export interface QcCheck {
  qcResultFile: string;
  stopEarlyIf: string[];
}

export interface Compute {
  cpus: number;
  memoryMiB: number;
  gpu: number | "all";
  spot: boolean;
  queueName?: string;
  shell: Shell;
  consumes: Record<string, number>;
}

export interface Retry {
  attempts: number;
  intervalSeconds: number;
  backoffRate: number;
}

export type SkipMode = "rerun" | "output" | "none";

export interface BatchStep extends StepBase {
  kind: "batch";
  image: ImageSpec;
  taskRole?: string;
  /** null = auto-inputs (the previous step's outputs); [] = explicitly none. */
  inputs: InputSpec[] | null;
  references: Record<string, string>;
  commands: string[];
  outputs: OutputSpec[];
  /** Step-level tags only; Options.s3Tags are merged under them by the compiler. */
  s3Tags: Record<string, string>;
  jobTags: Record<string, string>;
  skip: SkipMode;
  compute: Compute;
  filesystems: Filesystem[];
  qcCheck: QcCheck[];
  retry: Retry;
  timeoutSeconds?: number;
}

export type ScatterSource = string | Array<string | number | boolean>;

export type ErrorTolerance = { count: number } | { percent: number };

export interface ScatterStep extends StepBase {
  kind: "scatter";
  /** Ordered: the Cartesian product varies the first key slowest. */
  scatter: Record<string, ScatterSource>;
  /** null = auto-inputs. Values become ${parent.<name>} as full S3 URIs. */
  inputs: Record<string, string> | null;
  steps: Step[];
  /** Gathered into <step>_manifest.json: name -> file name. */
  outputs: Record<string, string>;
  /** 0 = unlimited. */
  maxConcurrency: number;
  errorTolerance: ErrorTolerance;
}

export interface CopySpec {
  from: string;
  to: string;
}

export interface SubpipeStep extends StepBase {
  kind: "subpipe";
  /** Workflow (state machine) name, or a full state machine ARN. */
  subpipe: string;
  jobData?: string;
  retrieve: CopySpec[];
  submit: CopySpec[];
}

export type NativeType = "Pass" | "Task" | "Wait" | "Succeed" | "Fail" | "Parallel";

export interface NativeStep extends StepBase {
  kind: "native";
  type: NativeType;
  /** The ASL fields as written, without Next/End (flow is in `next`). Parallel's Branches are in `branches`. */
  body: Record<string, unknown>;
  /** Native Parallel only: each branch is a stepbatch block. */
  branches?: Step[][];
}

export interface Choice {
  if: string;
  next: string;
}

export interface ChooserStep extends StepBase {
  kind: "chooser";
  inputs: Record<string, string>;
  choices: Choice[];
  /** Fallthrough target; a chooser is never terminal. */
  next: string;
}

export interface ParallelBranch {
  if?: string;
  steps: Step[];
}

export interface ParallelStep extends StepBase {
  kind: "parallel";
  inputs: Record<string, string>;
  branches: ParallelBranch[];
}
