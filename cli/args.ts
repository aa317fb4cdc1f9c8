import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node's parseArgs, with its errors turned into usage errors that name the command. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/, "")}`);
  }
}

/** `--param K=V` (or another repeatable NAME=VALUE flag). */
export function parseParams(values: string[] | undefined, flag = "--param"): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} expects NAME=VALUE, got ${JSON.stringify(item)}`);
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

/** The one workflow file a command works on. */
export function onePositional(command: string, positionals: string[], what = "WORKFLOW"): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command}: expected one ${what} argument, got ${positionals.length === 0 ? "none" : positionals.join(" ")}`);
  }
  return positionals[0];
}
