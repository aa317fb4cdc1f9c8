import "../asl/polyfill";
import { ExecutionError, StateMachine } from "aws-local-stepfunctions";
import type { ExecutionContext, Json } from "../asl/types";
import type { PayloadTemplate } from "./types";

/**
 * A payload template (Parameters syntax: `.$` keys with paths, `$$` context paths and intrinsic
 * functions) evaluated against `input` and `context` by the interpreter itself, so that it means
 * exactly what it means in any other state. Rejects with the interpreter's error (States.Runtime
 * for a path that points nowhere, States.IntrinsicFailure and the like).
 *
 * The interpreter sets `$$.Execution.Input` to the input of the machine it runs, so the template's
 * input is carried in by a first Pass state and the machine is started with the parent's own
 * Execution.Input, where the context has it.
 */
export async function evaluateTemplate(template: PayloadTemplate, input: Json, context: ExecutionContext): Promise<Json> {
  const machine = new StateMachine(
    {
      StartAt: "Load",
      States: {
        Load: { Type: "Pass", Result: { value: input }, Next: "Evaluate" },
        Evaluate: { Type: "Pass", InputPath: "$.value", Parameters: template, End: true },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  const executionInput = (context.Execution as { Input?: Json }).Input ?? null;
  try {
    return (await machine.run(executionInput, { context }).result) as Json;
  } catch (error) {
    throw error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  }
}

/** The value a reference path (`$.a.b`, `$$.Execution.Name`) selects from `input` and `context`. */
export async function evaluatePath(path: string, input: Json, context: ExecutionContext): Promise<Json> {
  const result = (await evaluateTemplate({ "value.$": path }, input, context)) as { value: Json };
  return result.value;
}
