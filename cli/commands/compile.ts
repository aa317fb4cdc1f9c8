import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { onePositional, parseCommandArgs, parseParams } from "../args";
import { EXIT, UsageError, type CliIO } from "../io";
import { loadWorkflow } from "../load";
import { compileWorkflow, settingsFromEnv } from "../../shared/compiler";

/** CloudFormation takes templates up to this size inline; larger ones go through an S3 bucket. */
export const MAX_INLINE_TEMPLATE_BYTES = 51_200;
/** CloudFormation refuses templates larger than this, even from S3. */
export const MAX_TEMPLATE_BYTES = 1_000_000;

/** The workflow name is the stack's and the state machine's, and the launcher folder's: all three must accept it. */
export const WORKFLOW_NAME = /^[A-Za-z][A-Za-z0-9-]{0,79}$/;

export const compileHelp = `stepbatch compile WORKFLOW --name NAME [--param NAME=VALUE]... [--installation NAME] [--out DIR]

Compiles a workflow into an Amazon States Language state machine and a CloudFormation template.
With --out, writes DIR/statemachine.asl.json and DIR/template.json; without it, prints the template.
NAME names the workflow: the stack, the state machine and the launcher folder (letters, digits, '-').
Installation settings (Lambda and queue ARNs, runner image, ...) come from STEPBATCH_* environment
variables with defaults for an installation named "stepbatch"; --installation sets STEPBATCH_INSTALLATION.
Nothing here needs AWS credentials or a network.`;

export async function compileCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("compile", argv, {
    name: { type: "string" },
    param: { type: "string", multiple: true },
    installation: { type: "string" },
    out: { type: "string" },
  });
  const file = onePositional("compile", positionals);
  const name = values.name;
  if (name === undefined) throw new UsageError("compile: --name NAME is required (the workflow's name: its stack, state machine and launcher folder)");
  if (!WORKFLOW_NAME.test(name)) {
    throw new UsageError(`compile: --name must start with a letter and hold only letters, digits and '-' (at most 80), got ${JSON.stringify(name)}`);
  }
  const workflow = await loadWorkflow(file, parseParams(values.param), io);
  if (!workflow) return EXIT.invalid;
  const settings = settingsFromEnv({ ...io.env, ...(values.installation && { STEPBATCH_INSTALLATION: values.installation }) });
  const { stateMachine, template } = compileWorkflow(workflow, { name, settings });
  warnAboutSize(Buffer.byteLength(JSON.stringify(template)), io);
  if (values.out === undefined) {
    io.out(`${JSON.stringify(template, null, 2)}\n`);
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, values.out);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "statemachine.asl.json"), `${JSON.stringify(stateMachine, null, 2)}\n`);
  await writeFile(join(dir, "template.json"), `${JSON.stringify(template, null, 2)}\n`);
  io.err(`compiled ${file} as '${name}' into ${join(values.out, "statemachine.asl.json")} and ${join(values.out, "template.json")}\n`);
  return EXIT.ok;
}

function warnAboutSize(bytes: number, io: CliIO): void {
  const kb = Math.ceil(bytes / 1024);
  if (bytes > MAX_TEMPLATE_BYTES) {
    io.err(`warning: the template is ${kb} KB, more than CloudFormation's limit of ${MAX_TEMPLATE_BYTES / 1_000_000} MB; split the workflow with subpipes\n`);
  } else if (bytes > MAX_INLINE_TEMPLATE_BYTES) {
    io.err(`note: the template is ${kb} KB; deploy it with \`aws cloudformation deploy --s3-bucket BUCKET\` (inline templates stop at ${MAX_INLINE_TEMPLATE_BYTES / 1024} KB)\n`);
  }
}
