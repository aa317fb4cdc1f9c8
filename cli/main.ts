import { COMMANDS } from "./commands";
import { runCli } from "./run";
import { STEPBATCH_VERSION } from "../shared/compiler/settings";

const code = await runCli(
  process.argv.slice(2),
  COMMANDS,
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text), env: process.env, cwd: process.cwd(), isTTY: process.stderr.isTTY === true, signals: process },
  STEPBATCH_VERSION,
);
// Exit now rather than when the event loop drains: a run's engine and store clients keep sockets
// open. Writes to pipes and files are synchronous on Linux, so everything printed is out.
process.exit(code);
