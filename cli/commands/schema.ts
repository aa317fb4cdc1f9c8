import { parseCommandArgs } from "../args";
import { EXIT, UsageError, type CliIO } from "../io";
import { workflowSchema } from "../../shared/spec";

export const schemaHelp = `stepbatch schema

Prints the JSON Schema of the workflow language, for editors. With the YAML language server, put
  # yaml-language-server: $schema=./stepbatch.schema.json
at the top of a workflow file after \`stepbatch schema > stepbatch.schema.json\`.`;

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  const { positionals } = parseCommandArgs("schema", argv, {});
  if (positionals.length > 0) throw new UsageError(`schema: takes no arguments, got ${positionals.join(" ")}`);
  io.out(`${JSON.stringify(workflowSchema(), null, 2)}\n`);
  return EXIT.ok;
}
