/**
 * The `inputs` parameter of a batch or scatter step: JSON fixed at compile time, or, for auto-inputs
 * (`encoded` null), the previous step's outputs taken from the job object at run time.
 */
export function inputsParameter(encoded: string | null): Record<string, string> {
  return encoded === null ? { "inputs.$": "States.JsonToString($.prev_outputs)" } : { inputs: encoded };
}
