import { onePositional, parseCommandArgs, parseParams } from "../args";
import { EXIT, type CliIO } from "../io";
import { loadWorkflow } from "../load";
import type { Step } from "../../shared/spec";

export const validateHelp = `stepbatch validate WORKFLOW [--param NAME=VALUE]...

Checks a workflow file. Prints a one-line summary and exits 0 when it is valid; prints every error
(file:line:column: step, field: what is wrong) and exits 2 when it is not.`;

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("validate", argv, { param: { type: "string", multiple: true } });
  const file = onePositional("validate", positionals);
  const workflow = await loadWorkflow(file, parseParams(values.param), io);
  if (!workflow) return EXIT.invalid;
  const counts = countSteps(workflow.steps);
  const kinds = Object.entries(counts.byKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  io.out(`${file}: valid, ${counts.total} step${counts.total === 1 ? "" : "s"} (${kinds})\n`);
  return EXIT.ok;
}

function countSteps(steps: Step[], acc = { total: 0, byKind: {} as Record<string, number> }) {
  for (const step of steps) {
    acc.total++;
    acc.byKind[step.kind] = (acc.byKind[step.kind] ?? 0) + 1;
    if (step.kind === "scatter") countSteps(step.steps, acc);
    if (step.kind === "parallel") for (const b of step.branches) countSteps(b.steps, acc);
    if (step.kind === "native") for (const b of step.branches ?? []) countSteps(b, acc);
  }
  return acc;
}
