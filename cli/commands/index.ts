import type { Command } from "../run";
import { compileCommand, compileHelp } from "./compile";
import { graphCommand, graphHelp } from "./graph";
import { schemaCommand, schemaHelp } from "./schema";
import { validateCommand, validateHelp } from "./validate";

export const COMMANDS: Record<string, Command> = {
  validate: { run: validateCommand, help: validateHelp, summary: "check a workflow file" },
  compile: { run: compileCommand, help: compileHelp, summary: "compile a workflow to a state machine and a CloudFormation template" },
  graph: { run: graphCommand, help: graphHelp, summary: "draw a workflow (Mermaid or Graphviz)" },
  schema: { run: schemaCommand, help: schemaHelp, summary: "print the JSON Schema of the workflow language" },
};
