import type { JobData } from "../repository";
import { LAMBDA_POLICY, SubstitutionError, substitute } from "../substitute";
import { StepLambdaError, describeLocation, type Location } from "./errors";

/** `${job.x}`, `${parent.x}` and `${scatter.x}` in a step field, filled from the job data; a reference it cannot fill is an error naming the step and field. */
export function substituteField(text: string, jobData: JobData, where: Location): string {
  try {
    return substitute(text, jobData, LAMBDA_POLICY);
  } catch (error) {
    if (!(error instanceof SubstitutionError)) throw error;
    throw new StepLambdaError(error.code, `${describeLocation(where)}: ${error.message}`, { cause: error });
  }
}

/** substituteField over each value of a map of names, the field being `<field>.<name>`. */
export function substituteFields(values: Record<string, string>, jobData: JobData, where: { step: string; field: string }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, text]) => [name, substituteField(text, jobData, { step: where.step, field: `${where.field}.${name}` })]),
  );
}
