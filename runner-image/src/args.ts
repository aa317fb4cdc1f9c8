import type {
  CommandsArgument,
  ImageArgument,
  InputsArgument,
  OutputsArgument,
  QcArgument,
  ReferencesArgument,
  S3TagsArgument,
  ShellArgument,
  SkipArgument,
} from "../../shared/compiler/runner";
import { repositoryFromUri, type Repository } from "../../shared/repository";
import { RunnerError } from "./errors";

/** The runner's arguments, parsed and checked (shared/compiler/runner.ts `RUNNER_COMMAND` passes them). */
export interface RunnerArgs {
  commands: CommandsArgument;
  references: ReferencesArgument;
  inputs: InputsArgument;
  skip: SkipArgument;
  image: ImageArgument;
  outputs: OutputsArgument;
  qc: QcArgument;
  repo: Repository;
  shell: ShellArgument;
  tags: S3TagsArgument;
}

export type ParsedCommandLine = { kind: "help" } | { kind: "version" } | { kind: "run"; args: RunnerArgs };

type Flag = keyof RunnerArgs;

const SKIP_MODES: readonly SkipArgument[] = ["rerun", "output", "none"];
const SHELLS: readonly ShellArgument[] = ["sh", "bash", "sh-pipefail"];
/** What a job definition passes when the submitted job lacks the parameter (Batch leaves `Ref::name` as it is). */
const UNSET_PARAMETER = "Ref::";

/** Each flag's reader; a flag with a default may be left out (Batch always passes all of them). */
const FLAGS: { [F in Flag]: { read: (value: string, flag: string) => RunnerArgs[F]; default?: RunnerArgs[F] } } = {
  commands: { read: (v, f) => stringList(json(v, f), f) },
  references: { read: (v, f) => stringMap(json(v, f), f), default: {} },
  inputs: { read: (v, f) => stringMap(json(v, f), f), default: {} },
  skip: { read: (v, f) => oneOf(v, SKIP_MODES, f), default: "none" },
  image: { read: (v, f) => imageArgument(json(v, f), f) },
  outputs: { read: (v, f) => outputsArgument(json(v, f), f), default: {} },
  qc: { read: (v, f) => qcArgument(json(v, f), f), default: [] },
  repo: { read: repository },
  shell: { read: (v, f) => oneOf(v, SHELLS, f), default: "sh" },
  tags: { read: (v, f) => stringMap(json(v, f), f), default: {} },
};

export const USAGE = `usage: stepbatch-runner --commands JSON --image JSON --repo s3://BUCKET/PREFIX [options]

Runs one batch step: skip check, stage in, commands in a child container, QC, stage out, marker.

  --commands JSON     the step's commands, a list of strings (one script line each)
  --image JSON        the child container's image: {"name": "...", "auth": "<secret>"}
  --repo URI          the execution's repository, s3://bucket/prefix
  --inputs JSON       symbolic name -> repository name, s3:// URI or glob; "name?" is optional (default {})
  --references JSON   symbolic name -> s3:// URI, cached on the host (default {})
  --outputs JSON      symbolic name -> {"path", "dest"?, "s3Tags"} (default {})
  --qc JSON           [{"qcResultFile", "stopEarlyIf": [expressions]}] (default [])
  --skip MODE         rerun | output | none (default none)
  --shell SHELL       sh | bash | sh-pipefail (default sh)
  --tags JSON         S3 tags for every upload (default {})
  --help              print this help
  --version           print the runner's version

Exit codes: 0 success or skipped; the command block's code when a command fails; 199 for the runner's own errors.
`;

/**
 * The command line of RUNNER_COMMAND. `--help` or `--version` anywhere wins; anything else wrong
 * is a RunnerError (BadArgument) whose message names the flag.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  if (argv.includes("--help")) return { kind: "help" };
  if (argv.includes("--version")) return { kind: "version" };
  const given = new Map<Flag, string>();
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at];
    if (!arg.startsWith("--")) {
      throw bad(`unexpected argument ${JSON.stringify(arg)}: every value follows its flag, as in --repo s3://bucket/prefix`);
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!Object.hasOwn(FLAGS, name)) throw bad(`unknown flag --${name} (see --help)`);
    const flag = name as Flag;
    if (given.has(flag)) throw bad(`--${flag} is given more than once`);
    const value = eq === -1 ? argv[++at] : arg.slice(eq + 1);
    if (value === undefined) throw bad(`--${flag} needs a value`);
    given.set(flag, value);
  }
  const args: Partial<Record<Flag, unknown>> = {};
  for (const flag of Object.keys(FLAGS) as Flag[]) {
    const spec = FLAGS[flag];
    const value = given.get(flag);
    if (value === undefined && spec.default === undefined) throw bad(`--${flag} is required`);
    if (value?.startsWith(UNSET_PARAMETER)) {
      throw bad(`--${flag} is ${JSON.stringify(value)}: the job was submitted without its "${value.slice(UNSET_PARAMETER.length)}" parameter`);
    }
    args[flag] = value === undefined ? spec.default : spec.read(value, `--${flag}`);
  }
  return { kind: "run", args: args as RunnerArgs };
}

function bad(message: string): RunnerError {
  return new RunnerError("BadArgument", message);
}

function json(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw bad(`${flag} is not JSON (${(error as Error).message}): ${abbreviate(text)}`);
  }
}

/** Longest argument text quoted in a message: enough to recognise it. */
const MAX_QUOTED_ARGUMENT = 80;

function abbreviate(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED_ARGUMENT ? `${text.slice(0, MAX_QUOTED_ARGUMENT)}…` : text);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw bad(`${flag} must be one of ${allowed.join(", ")}, got ${abbreviate(value)}`);
}

function repository(value: string, flag: string): Repository {
  try {
    return repositoryFromUri(value);
  } catch (error) {
    throw bad(`${flag}: ${(error as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, flag: string): string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  throw bad(`${flag} must be a JSON list of strings`);
}

function stringMap(value: unknown, flag: string): Record<string, string> {
  if (!isRecord(value)) throw bad(`${flag} must be a JSON object of names to strings`);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") throw bad(`${flag}: ${JSON.stringify(key)} must be a string, got ${JSON.stringify(item)}`);
  }
  return value as Record<string, string>;
}

function imageArgument(value: unknown, flag: string): ImageArgument {
  if (!isRecord(value) || typeof value.name !== "string" || value.name === "") {
    throw bad(`${flag} must be a JSON object {"name": "<image>", "auth": "<secret>"} with a non-empty name`);
  }
  if (value.auth !== undefined && typeof value.auth !== "string") throw bad(`${flag}: auth must be a string (a Secrets Manager secret name or ARN)`);
  return { name: value.name, ...(value.auth !== undefined && { auth: value.auth }) };
}

function outputsArgument(value: unknown, flag: string): OutputsArgument {
  if (!isRecord(value)) throw bad(`${flag} must be a JSON object of names to {"path", "dest"?, "s3Tags"}`);
  const outputs: OutputsArgument = {};
  for (const [name, spec] of Object.entries(value)) {
    const where = `${flag}: output ${JSON.stringify(name)}`;
    if (!isRecord(spec) || typeof spec.path !== "string" || spec.path === "") throw bad(`${where} must be an object with a non-empty "path"`);
    if (spec.dest !== undefined && typeof spec.dest !== "string") throw bad(`${where}: "dest" must be a string`);
    const s3Tags = spec.s3Tags === undefined ? {} : stringMap(spec.s3Tags, `${where} s3Tags`);
    outputs[name] = { path: spec.path, ...(spec.dest !== undefined && { dest: spec.dest }), s3Tags };
  }
  return outputs;
}

function qcArgument(value: unknown, flag: string): QcArgument {
  if (!Array.isArray(value)) throw bad(`${flag} must be a JSON list of {"qcResultFile", "stopEarlyIf"}`);
  return value.map((check, i) => {
    const where = `${flag}[${i}]`;
    if (!isRecord(check) || typeof check.qcResultFile !== "string" || check.qcResultFile === "") {
      throw bad(`${where} must be an object with a non-empty "qcResultFile"`);
    }
    return { qcResultFile: check.qcResultFile, stopEarlyIf: stringList(check.stopEarlyIf, `${where}.stopEarlyIf`) };
  });
}
