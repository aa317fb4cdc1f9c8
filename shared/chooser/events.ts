import type { Repository } from "../repository";
import { EventFields, StepLambdaError } from "../stepLambdas";

/**
 * What the chooser Lambda is asked to do: a simple chooser's `expressions` (the first true one is
 * the choice), or a parallel branch's `expression` (its `if:`, which must hold for the branch to run).
 * See shared/compiler/steps/chooser.ts and parallel.ts.
 */
export interface ChooserRequest {
  repo: Repository;
  /** From the event's log preamble: the chooser event carries no step_name of its own. */
  stepName: string;
  /** Name → JSON file (of the repository, or an s3:// URI) whose content the expressions see under that name. */
  inputs: Record<string, string>;
  condition: { expressions: string[] } | { expression: string };
}

export function parseChooserEvent(event: unknown): ChooserRequest {
  const fields = new EventFields("chooser", event);
  const many = fields.has("expressions");
  if (many === fields.has("expression")) {
    throw new StepLambdaError("BadEvent", "chooser event: expected either 'expressions' (a list) or 'expression' (one), not both or neither");
  }
  return {
    repo: fields.repositoryUri("repo"),
    stepName: fields.stepName(),
    inputs: fields.stringMapJson("inputs"),
    condition: many ? { expressions: fields.stringList("expressions") } : { expression: fields.string("expression") },
  };
}
