import { onePositional, parseCommandArgs, parseParams } from "../args";
import { EXIT, UsageError, type CliIO } from "../io";
import { loadWorkflow } from "../load";
import { GRAPH_FORMATS, isGraphFormat, renderGraph } from "../../shared/graph/render-graph";

export const graphHelp = `stepbatch graph WORKFLOW [--format mermaid|dot] [--param NAME=VALUE]...

Prints a picture of the workflow: steps, branches, scatter blocks, subpipes and choices.
Mermaid (the default) renders in GitHub Markdown inside a \`\`\`mermaid block; dot renders with Graphviz.`;

export async function graphCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs("graph", argv, {
    format: { type: "string", default: "mermaid" },
    param: { type: "string", multiple: true },
  });
  const file = onePositional("graph", positionals);
  const format = values.format!;
  if (!isGraphFormat(format)) throw new UsageError(`graph: --format must be one of ${GRAPH_FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  const workflow = await loadWorkflow(file, parseParams(values.param), io);
  if (!workflow) return EXIT.invalid;
  io.out(renderGraph(workflow, format));
  return EXIT.ok;
}
