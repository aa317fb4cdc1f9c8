import { ExpressionError, evaluateExpression, isTruthy } from "../expr";
import { StepLambdaError, describeLocation, type Location } from "../stepLambdas";
import type { ObjectStore } from "../store";
import { chooserVariables } from "./chooserVariables";
import { ConditionFailed } from "./conditionFailed";
import type { ChooserRequest } from "./events";

export interface Evaluation {
  expression: string;
  value: unknown;
}

export interface ChooserOutcome {
  /** `$.choice` in the compiled state machine: the first true expression's text, or null when none is. */
  choice: string | null;
  /** Each expression tried, in order, with its value. */
  evaluations: Evaluation[];
}

/**
 * Evaluates the request's conditions against the job data and the input files. Several
 * `expressions` (a simple chooser): the first true one is the choice, else null. One `expression`
 * (a parallel branch's `if:`): itself when true, else a ConditionFailed error, which skips the branch.
 * An expression that cannot be evaluated is an ExpressionFailed error, never a false condition.
 */
export async function choose(store: ObjectStore, request: ChooserRequest): Promise<ChooserOutcome> {
  const variables = await chooserVariables(store, request);
  const evaluations: Evaluation[] = [];
  const { condition, stepName } = request;
  if ("expression" in condition) {
    const value = evaluate(condition.expression, variables, { step: stepName, field: "if" });
    if (!isTruthy(value)) throw new ConditionFailed(stepName, condition.expression);
    return { choice: condition.expression, evaluations: [{ expression: condition.expression, value }] };
  }
  for (const [i, expression] of condition.expressions.entries()) {
    const value = evaluate(expression, variables, { step: stepName, field: `choices[${i}].if` });
    evaluations.push({ expression, value });
    if (isTruthy(value)) return { choice: expression, evaluations };
  }
  return { choice: null, evaluations };
}

function evaluate(expression: string, variables: Record<string, unknown>, where: Location): unknown {
  try {
    return evaluateExpression(expression, variables);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new StepLambdaError("ExpressionFailed", `${describeLocation(where)}: cannot evaluate ${JSON.stringify(expression)}: ${error.message}`, {
      cause: error,
    });
  }
}
