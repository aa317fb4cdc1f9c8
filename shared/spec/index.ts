import { readBlock } from "./block";
import { checkWorkflow } from "./checks";
import type { BlockScope } from "./context";
import { sortSpecErrors, type SpecError } from "./errors";
import { options as optionsShape, parameters as parametersShape, repository as repositoryShape, TOP_LEVEL, type TopLevelKey } from "./language";
import { substituteParameters } from "./params";
import { fail, mismatch, unknownFieldMessage, type ReadContext } from "./shapes";
import { parseTree, type MapEntry, type MapNode, type TreeNode } from "./tree";
import type { Options, SourcePos, Workflow } from "./types";

export type { SpecError } from "./errors";
export { formatSpecError } from "./errors";
export * from "./types";
export { workflowSchema } from "./schema";
export { stateMachineName, subpipeWorkflowName } from "./names";

export type ParseResult = { ok: true; workflow: Workflow } | { ok: false; errors: SpecError[] };

export interface ParseOptions {
  /** Compile-time parameter values (`--param K=V`), over the Parameters' defaults. */
  params?: Record<string, string>;
}


/** Reads a workflow file's text into the normalised model, or every error found in it. */
export function parseWorkflow(text: string, file: string, opts: ParseOptions = {}): ParseResult {
  const { tree, errors } = parseTree(text, file);
  if (!tree) return { ok: false, errors };
  const cx: ReadContext = { errors };
  if (tree.kind !== "map") {
    mismatch(cx, tree, "", "a workflow (a mapping with Repository and Steps)");
    return { ok: false, errors };
  }
  const top = topLevel(tree, cx);
  const params = top.Parameters ? parametersShape.read(top.Parameters.value, cx, "Parameters") : [];
  const declared = new Set((params ?? []).map(([name]) => name));
  const values = parameterValues(params ?? [], opts.params ?? {}, declared, top.Parameters?.keyPos ?? tree.pos, cx);
  const resolved = (e: MapEntry | undefined) => e && substituteParameters(e.value, e.key, values, declared, errors);

  for (const key of ["Repository", "Steps"] as const) {
    if (!top[key]) fail(cx, tree, "", `missing required field '${key}'`);
  }
  const repositoryNode = resolved(top.Repository);
  const repository = repositoryNode && repositoryShape.read(repositoryNode, cx, "Repository");
  const optionsNode = resolved(top.Options);
  const options = readOptions(optionsNode, cx);
  const stepsNode = resolved(top.Steps);

  const scope: BlockScope = { errors, options, registry: [], unresolved: [], label: "the top level", readBlock };
  const steps = stepsNode ? readBlock(stepsNode, scope, "Steps") : [];
  checkWorkflow(scope);
  if (errors.length > 0) return { ok: false, errors: sortSpecErrors(errors) };
  return {
    ok: true,
    workflow: {
      repository: repository!.replace(/\/+$/, ""),
      parameters: Object.fromEntries((params ?? []).map(([name, body]) => [name, body as Record<string, unknown>])),
      options,
      steps,
    },
  };
}

function topLevel(tree: MapNode, cx: ReadContext): Partial<Record<TopLevelKey, MapEntry>> {
  const found: Partial<Record<TopLevelKey, MapEntry>> = {};
  for (const e of tree.entries) {
    const key = TOP_LEVEL.find((k) => k === e.key || k.toLowerCase() === e.key);
    if (!key) {
      fail(cx, { pos: e.keyPos }, e.key, unknownFieldMessage(e.key, [...TOP_LEVEL]));
    } else if (found[key]) {
      fail(cx, { pos: e.keyPos }, e.key, `'${found[key].key}' is already given at line ${found[key].keyPos.line}`);
    } else found[key] = e;
  }
  return found;
}

function parameterValues(
  params: Array<[string, Record<string, unknown>]>,
  given: Record<string, string>,
  declared: Set<string>,
  pos: SourcePos,
  cx: ReadContext,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, body] of params) if (body.Default !== undefined) values[name] = String(body.Default);
  for (const [name, value] of Object.entries(given)) {
    if (!declared.has(name)) fail(cx, { pos }, "Parameters", `--param ${name} is given, but the workflow declares no parameter '${name}'`);
    else values[name] = value;
  }
  return values;
}

function readOptions(node: TreeNode | undefined, cx: ReadContext): Options {
  const v = node ? optionsShape.read(node, cx, "Options") : {};
  return {
    shell: v?.shell ?? "sh",
    ...(v?.task_role !== undefined && { taskRole: v.task_role }),
    s3Tags: Object.fromEntries(v?.s3_tags ?? []),
    jobTags: Object.fromEntries(v?.job_tags ?? []),
  };
}
