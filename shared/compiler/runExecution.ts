/**
 * The run's execution name, as a JSONPath for a state's Parameters. A scatter branch runs as a
 * child execution of its Distributed Map, whose own `$$.Execution.Name` names only the branch
 * (and whose ARN, `execution:<workflow>/<label>:<id>`, no runner can build from it). So the map
 * hands each branch the run's name as `run_execution`, and states inside a scatter use that: a QC
 * check in a branch stops the whole run, as it does outside a scatter, and job names, tags and log
 * lines of every branch name the run they belong to.
 */
export function runExecutionName(inScatter: boolean): string {
  return inScatter ? `$.${RUN_EXECUTION_FIELD}` : "$$.Execution.Name";
}

/** The field of a scatter branch's input that holds the run's execution name. */
export const RUN_EXECUTION_FIELD = "run_execution";
