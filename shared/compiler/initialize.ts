import { addState, type BlockOutput } from "./context";
import { lambdaTask } from "./lambda";
import { placeholder, WORKFLOW_NAME } from "./placeholders";

/** The first state of every workflow; no step may take its name. */
export const INITIALIZE_STATE = "Initialize";

/**
 * The initializer Lambda turns the launcher's input (the job file's location) into the job object:
 * it resolves the repository template against the job file and writes the job data. Its result
 * replaces the whole state. A subpipe's child gets its job object from the parent and keeps it.
 */
export function addInitializeState(out: BlockOutput, firstState: string): void {
  addState(
    out,
    INITIALIZE_STATE,
    lambdaTask({
      lambda: "initializer",
      stepName: INITIALIZE_STATE,
      inScatter: false,
      parameters: {
        workflow_name: placeholder(WORKFLOW_NAME),
        repo_template: out.ctx.repository,
        "input_obj.$": "$",
      },
      resultPath: "$",
      flow: { Next: firstState },
    }),
  );
}
