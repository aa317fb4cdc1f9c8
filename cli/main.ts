import { COMMANDS } from "./commands";
import { runCli } from "./run";
import { STEPBATCH_VERSION } from "../shared/compiler/settings";

process.exitCode = await runCli(
  process.argv.slice(2),
  COMMANDS,
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), env: process.env, cwd: process.cwd() },
  STEPBATCH_VERSION,
);
