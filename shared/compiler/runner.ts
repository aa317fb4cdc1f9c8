import { OPTIONAL_INPUT_SUFFIX } from "../spec/language";
import type { ImageSpec, InputSpec, Options, OutputSpec, QcCheck, Shell, SkipMode } from "../spec/types";

/**
 * The runner's command line, baked into every job definition; Batch replaces each `Ref::<name>`
 * with the job's parameter of that name. The runner parses exactly these flags.
 */
export const RUNNER_COMMAND = [
  "stepbatch-runner",
  "--commands", "Ref::command",
  "--references", "Ref::references",
  "--inputs", "Ref::inputs",
  "--skip", "Ref::skip",
  "--image", "Ref::image",
  "--outputs", "Ref::outputs",
  "--qc", "Ref::qc",
  "--repo", "Ref::repo",
  "--shell", "Ref::shell",
  "--tags", "Ref::s3tags",
] as const;

/** Where the host scratch volume is mounted in the runner container (the reference's path, which user scripts may know). */
export const SCRATCH_PATH = "/_bclaw_scratch";

// What each `Ref::` parameter holds. JSON arguments are JSON text of these shapes.

/** `--commands`: the step's commands, one script line each. */
export type CommandsArgument = string[];
/** `--references`: symbolic name → s3:// URI. */
export type ReferencesArgument = Record<string, string>;
/** `--inputs`: symbolic name → path; a name ending in "?" marks an optional input. Auto-inputs are the previous step's outputs in the same shape. */
export type InputsArgument = Record<string, string>;
/** `--outputs`: symbolic name → what to upload. */
export type OutputsArgument = Record<string, { path: string; dest?: string; s3Tags: Record<string, string> }>;
/** `--image`: the child container's image, short names already expanded to ECR. */
export type ImageArgument = ImageSpec;
/** `--qc`: checks run after the commands succeed. */
export type QcArgument = QcCheck[];
/** `--tags`: S3 tags for every upload of the step (Options merged under the step's own). */
export type S3TagsArgument = Record<string, string>;
/** `--skip`, `--shell` and `--repo` (the repository's s3:// URI) are plain strings. */
export type SkipArgument = SkipMode;
export type ShellArgument = Shell;

export function inputsArgument(inputs: InputSpec[]): string {
  const byName: InputsArgument = Object.fromEntries(
    inputs.map((i) => [i.optional ? i.name + OPTIONAL_INPUT_SUFFIX : i.name, i.path]),
  );
  return JSON.stringify(byName);
}

export function outputsArgument(outputs: OutputSpec[]): string {
  const byName: OutputsArgument = Object.fromEntries(
    outputs.map((o) => [o.name, { path: o.path, ...(o.dest !== undefined && { dest: o.dest }), s3Tags: o.s3Tags }]),
  );
  return JSON.stringify(byName);
}

export function s3TagsArgument(options: Options, stepTags: Record<string, string>): string {
  const merged: S3TagsArgument = { ...options.s3Tags, ...stepTags };
  return JSON.stringify(merged);
}
