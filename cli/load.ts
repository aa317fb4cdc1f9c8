import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatSpecError, parseWorkflow, type Workflow } from "../shared/spec";
import { UsageError, type CliIO } from "./io";

/**
 * Reads and validates a workflow file (a path as the user typed it); prints every error and returns
 * undefined when it is not valid.
 */
export async function loadWorkflow(file: string, params: Record<string, string>, io: CliIO): Promise<Workflow | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${file}: no such file` : `${file}: cannot read it (${code ?? (e as Error).message})`);
  }
  const result = parseWorkflow(text, file, { params });
  if (result.ok) return result.workflow;
  for (const error of result.errors) io.err(`${formatSpecError(error)}\n`);
  io.err(`${file}: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}\n`);
  return undefined;
}
