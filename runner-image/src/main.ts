// The `stepbatch-runner` command that every batch step's job definition runs.
import { runnerCli } from "./cli";

const code = await runnerCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// Exit now rather than when the event loop drains: SDK and engine clients keep sockets open.
// Writes to pipes and files are synchronous on Linux, so the log is complete.
process.exit(code);
