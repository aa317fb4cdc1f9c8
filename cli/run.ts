import { EXIT, UsageError, type CliIO } from "./io";

export interface Command {
  run(argv: string[], io: CliIO): Promise<number>;
  help: string;
  summary: string;
}

const VERSION_FLAGS = ["--version", "-v"];
const HELP_FLAGS = ["--help", "-h"];

export function usage(commands: Record<string, Command>): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: stepbatch <command> [options]

Commands:
${lines.join("\n")}

Run \`stepbatch <command> --help\` for a command's options.
`;
}

/** Dispatches to a command; user mistakes print one line and exit 2, bugs print one line and exit 1. */
export async function runCli(argv: string[], commands: Record<string, Command>, io: CliIO, version: string): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.includes(name)) {
    (name === undefined ? io.err : io.out)(usage(commands));
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (VERSION_FLAGS.includes(name)) {
    io.out(`${version}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`stepbatch: unknown command '${name}'\n\n${usage(commands)}`);
    return EXIT.invalid;
  }
  if (rest.some((a) => HELP_FLAGS.includes(a))) {
    io.out(`${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`stepbatch ${e.message.startsWith(`${name}:`) ? "" : `${name}: `}${e.message}\n`);
      return EXIT.invalid;
    }
    // A bug, not a user mistake: say so in one line; the stack only when asked for.
    io.err(`stepbatch ${name}: internal error: ${(e as Error).message ?? e}\n`);
    if (io.env.STEPBATCH_DEBUG) io.err(`${(e as Error).stack}\n`);
    return 1;
  }
}
