import type { Command } from "../run";
import { compileCommand, compileHelp } from "./compile";
import { graphCommand, graphHelp } from "./graph";
import { runCommand, runHelp } from "./run";
import { schemaCommand, schemaHelp } from "./schema";
import { validateCommand, validateHelp } from "./validate";
import { watchCommand, watchHelp } from "./watch";

export const COMMANDS: Record<string, Command> = {
  validate: { run: validateCommand, help: validateHelp, summary: "check a workflow file" },
  compile: { run: compileCommand, help: compileHelp, summary: "compile a workflow to a state machine and a CloudFormation template" },
  run: { run: runCommand, help: runHelp, summary: "run a workflow end to end on this machine, with no AWS account" },
  watch: { run: watchCommand, help: watchHelp, summary: "start a run for each job file dropped into the local launcher bucket" },
  graph: { run: graphCommand, help: graphHelp, summary: "draw a workflow (Mermaid or Graphviz)" },
  schema: { run: schemaCommand, help: schemaHelp, summary: "print the JSON Schema of the workflow language" },
};
