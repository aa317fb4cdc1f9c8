import { readJobData } from "../repository";
import { STORE_REQUEST_CONCURRENCY, fileIn, isRecord, mapConcurrently, readJsonFile, substituteField } from "../stepLambdas";
import type { ObjectStore } from "../store";
import type { ChooserRequest } from "./events";

/**
 * The names an expression can use: `job` (the job data's job), and each input's name bound to the
 * parsed JSON of its file. With exactly one input holding an object, that object's keys are also
 * names of their own, as in the reference; `job` and the input's own name win over such keys (the
 * reference dropped a key named like the input, but let a key `job` hide the job).
 */
export async function chooserVariables(store: ObjectStore, request: ChooserRequest): Promise<Record<string, unknown>> {
  const jobData = await readJobData(store, request.repo);
  const inputs = Object.entries(request.inputs);
  const values = await mapConcurrently(inputs, STORE_REQUEST_CONCURRENCY, ([name, file]) => {
    const where = { step: request.stepName, field: `inputs.${name}` };
    return readJsonFile(store, fileIn(request.repo, substituteField(file, jobData, where), where), where);
  });
  const keysOfOnlyInput = inputs.length === 1 && isRecord(values[0]) ? values[0] : {};
  return {
    ...keysOfOnlyInput,
    job: jobData.job,
    ...Object.fromEntries(inputs.map(([name], i) => [name, values[i]])),
  };
}
