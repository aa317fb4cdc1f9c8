import type { JobData } from "../../shared/repository";
import { RUNNER_POLICY, substitute } from "../../shared/substitute";
import type { RunnerArgs } from "./args";

/** The fields of a step that job data is substituted into. */
export type StepFields = Pick<RunnerArgs, "commands" | "inputs" | "outputs" | "references" | "tags" | "image">;

/**
 * `${job.x}`, `${scatter.x}` and `${parent.x}` replaced from the job data (reference-system.md d.9,
 * pass 1) in the commands, input paths, output paths, destinations and tag values, reference
 * URIs, the step's tags and the image name's last path component (its name and tag, never the
 * registry). What the data lacks stays as written, for the shell to see (`${HOME}`).
 */
export function substituteStepFields(args: RunnerArgs, data: JobData): StepFields {
  const text = (value: string) => substitute(value, data, RUNNER_POLICY);
  const values = (map: Record<string, string>) => mapValues(map, text);
  const slash = args.image.name.lastIndexOf("/") + 1;
  return {
    commands: args.commands.map(text),
    inputs: values(args.inputs),
    outputs: mapValues(args.outputs, (spec) => ({
      path: text(spec.path),
      ...(spec.dest !== undefined && { dest: text(spec.dest) }),
      s3Tags: values(spec.s3Tags),
    })),
    references: values(args.references),
    tags: values(args.tags),
    image: { ...args.image, name: args.image.name.slice(0, slash) + text(args.image.name.slice(slash)) },
  };
}

const LOCAL_NAME = /\$\{([^{}$]+)\}/g;

/**
 * Pass 2 (commands only): `${name}` of an input, output or reference replaced by its file's name
 * in the workspace; any other `${...}` stays for the shell.
 */
export function substituteLocalNames(commands: readonly string[], localNames: Readonly<Record<string, string>>): string[] {
  return commands.map((command) =>
    command.replace(LOCAL_NAME, (whole: string, name: string) => (Object.hasOwn(localNames, name) ? localNames[name] : whole)),
  );
}

function mapValues<T, R>(map: Record<string, T>, fn: (value: T) => R): Record<string, R> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value)]));
}
