import type { BuiltStep, StepInput } from "../context";
import { batchStep, DEFAULT_IMAGE, MIN_MEMORY_MIB, MIN_TIMEOUT_SECONDS, OPTIONAL_INPUT_SUFFIX } from "../language";
import { fail, type ReadContext } from "../shapes";
import { entry, type MapNode } from "../tree";
import type { BatchStep, InputSpec, Options, OutputSpec, SkipMode } from "../types";
import { checkExpression } from "./expressions";
import { fromEntries, keyPos, landingName, nodeAt, valuePos, writtenFlow } from "./common";

/** S3 allows at most 10 tags on an object. */
export const MAX_S3_TAGS = 10;
/** Batch fails a job whose job and job-definition tags add up to more than 50. */
export const MAX_JOB_TAGS = 50;
/** Tags stepbatch adds to each Batch job: workflow, step and version on its definition, the execution at submission. */
export const STEPBATCH_JOB_TAG_COUNT = 4;

const DEFAULT_RETRY = { attempts: 3, intervalSeconds: 3, backoffRate: 1.5 };

export function buildBatchStep({ name, body, at, cx, scope }: StepInput): BuiltStep | undefined {
  const v = batchStep.read(body, cx, "");
  if (!v) return undefined;
  const options = scope.options;
  const inputs = v.inputs?.map(([key, path]): InputSpec => {
    const optional = key.endsWith(OPTIONAL_INPUT_SUFFIX);
    return { name: optional ? key.slice(0, -1) : key, path, optional };
  });
  const outputs = (v.outputs ?? []).map(([key, out]): OutputSpec => ({ ...out, name: key, s3Tags: out.s3Tags ?? {} }));
  const references = fromEntries(v.references);
  const compute = v.compute ?? {};
  const retry = v.retry ?? {};
  const step: BatchStep = {
    kind: "batch",
    name,
    next: null,
    at,
    image: v.image ?? { name: DEFAULT_IMAGE },
    ...((v.task_role ?? options.taskRole) !== undefined && { taskRole: v.task_role ?? options.taskRole }),
    inputs: inputs ?? null,
    references,
    commands: v.commands!,
    outputs,
    s3Tags: fromEntries(v.s3_tags),
    jobTags: fromEntries(v.job_tags),
    skip: skipMode(v.skip_on_rerun, v.skip_if_output_exists),
    compute: {
      cpus: compute.cpus ?? 1,
      memoryMiB: compute.memory ?? 1024,
      gpu: compute.gpu ?? 0,
      spot: compute.spot ?? true,
      ...(compute.queue_name !== undefined && { queueName: compute.queue_name }),
      shell: compute.shell ?? options.shell,
      consumes: fromEntries(compute.consumes),
    },
    filesystems: (v.filesystems ?? []).map((f) => ({ efsId: f.efs_id!, hostPath: f.host_path!, rootDir: f.root_dir ?? "/" })),
    qcCheck: (v.qc_check ?? []).map((q) => ({ qcResultFile: q.qc_result_file!, stopEarlyIf: q.stop_early_if! })),
    retry: {
      attempts: retry.attempts ?? DEFAULT_RETRY.attempts,
      intervalSeconds: retry.interval ?? DEFAULT_RETRY.intervalSeconds,
      backoffRate: Math.max(1, retry.backoff_rate ?? DEFAULT_RETRY.backoffRate),
    },
    ...(v.timeout !== undefined && { timeoutSeconds: Math.max(MIN_TIMEOUT_SECONDS, v.timeout) }),
  };
  const errorsBefore = cx.errors.length;
  checkBatchStep(step, body, cx, options);
  if (cx.errors.length > errorsBefore) return undefined;
  return { step, flow: writtenFlow(body, v, cx), jumps: [] };
}

function skipMode(onRerun?: boolean, ifOutputExists?: boolean): SkipMode {
  if (onRerun) return "rerun";
  return ifOutputExists ? "output" : "none";
}

/** What the reference would silently get wrong for one batch step. */
function checkBatchStep(step: BatchStep, body: MapNode, cx: ReadContext, options: Options): void {
  const computeNode = entry(body, "compute")?.value;
  if (step.compute.memoryMiB < MIN_MEMORY_MIB && computeNode?.kind === "map") {
    fail(cx, { pos: valuePos(computeNode, "memory") }, "compute.memory", `expected at least ${MIN_MEMORY_MIB} MiB, got ${step.compute.memoryMiB} MiB`);
  }
  if (step.skip === "output") {
    const glob = step.outputs.find((o) => landingName(o.path) === undefined);
    if (step.outputs.length === 0) {
      fail(cx, { pos: keyPos(body, "skip_if_output_exists") }, "skip_if_output_exists", "the step has no outputs, so it would always be skipped; use skip_on_rerun");
    } else if (glob) {
      fail(cx, { pos: keyPos(body, "skip_if_output_exists") }, "skip_if_output_exists", `output '${glob.name}' is a glob, so the step would never be skipped; use skip_on_rerun`);
    }
  }
  checkSymbolNames(step, body, cx);
  checkLandingNames(body, cx, "inputs", [
    ...(step.inputs ?? []).map((i) => ({ name: i.name, path: i.path, key: i.optional ? `${i.name}?` : i.name })),
    ...Object.entries(step.references).map(([name, path]) => ({ name, path, key: name, field: "references" })),
  ]);
  checkLandingNames(
    body,
    cx,
    "outputs",
    step.outputs.map((o) => ({ name: o.name, key: o.name, path: o.path, prefix: o.dest ?? "" })),
  );
  const s3TagCount = new Set([...Object.keys(options.s3Tags), ...Object.keys(step.s3Tags)]);
  for (const out of step.outputs) {
    const count = new Set([...s3TagCount, ...Object.keys(out.s3Tags)]).size;
    if (count > MAX_S3_TAGS) {
      fail(cx, nodeAt(body, ["outputs", out.name]), `outputs.${out.name}`, `S3 allows at most ${MAX_S3_TAGS} tags on an object, and this output would get ${count} (workflow, step and file tags together)`);
    }
  }
  const jobTagCount = new Set([...Object.keys(options.jobTags), ...Object.keys(step.jobTags)]).size + STEPBATCH_JOB_TAG_COUNT;
  if (jobTagCount > MAX_JOB_TAGS) {
    fail(cx, { pos: keyPos(body, "job_tags") }, "job_tags", `Batch allows at most ${MAX_JOB_TAGS} tags on a job, and this step would get ${jobTagCount} (workflow, step and ${STEPBATCH_JOB_TAG_COUNT} stepbatch tags together)`);
  }
  step.qcCheck.forEach((qc, i) =>
    qc.stopEarlyIf.forEach((expression, j) => {
      const at = nodeAt(body, ["qc_check", i, "stop_early_if", j]).node.pos;
      checkExpression(expression, cx, at, step.qcCheck.length > 1 ? `qc_check[${i}].stop_early_if[${j}]` : `qc_check.stop_early_if[${j}]`);
    }),
  );
}

/** Inputs, outputs and references share one namespace of ${name} substitutions in commands. */
function checkSymbolNames(step: BatchStep, body: MapNode, cx: ReadContext): void {
  const seen = new Map<string, number>();
  const names = [...(step.inputs ?? []).map((i) => i.name), ...step.outputs.map((o) => o.name), ...Object.keys(step.references)];
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([n]) => n).sort();
  if (duplicated.length > 0) {
    fail(cx, body, "", `inputs, outputs and references share one set of names, and these are used more than once: ${duplicated.join(", ")}`);
  }
}

interface Landing {
  name: string;
  key: string;
  path: string;
  prefix?: string;
  field?: string;
}

/** Two files of one step landing on the same name would overwrite each other. */
function checkLandingNames(body: MapNode, cx: ReadContext, fieldName: string, files: Landing[]): void {
  const byLanding = new Map<string, Landing>();
  for (const file of files) {
    const landing = landingName(file.path);
    if (landing === undefined) continue;
    const where = `${file.prefix ?? ""}${landing}`;
    const first = byLanding.get(where);
    if (!first) {
      byLanding.set(where, file);
      continue;
    }
    const field = file.field ?? fieldName;
    const verb = fieldName === "outputs" ? "be uploaded" : "land in the workspace";
    fail(cx, nodeAt(body, [field, file.key]), `${field}.${file.name}`, `'${file.name}' and '${first.name}' would both ${verb} as '${where}'; one would overwrite the other`);
  }
}
