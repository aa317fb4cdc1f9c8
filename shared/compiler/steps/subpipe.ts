import type { SubpipeStep } from "../../spec/types";
import { addState, type BlockOutput } from "../context";
import { transition } from "../flow";
import { lambdaTask } from "../lambda";
import { boundedToken, stateName } from "../names";
import { AWS_ACCOUNT_ID, AWS_REGION, placeholder } from "../placeholders";
import { CURRENT_ALIAS } from "../template";

/**
 * Execution names allow 80 characters: the step's part, "_", then 32 hex digits of MD5. A name
 * built from the parent's name would grow with every level of nesting.
 */
const MAX_CHILD_NAME_STEP_PART = 80 - 1 - 32;

/**
 * Three states: the subpipes Lambda prepares the child's repository (a folder of the parent's),
 * the child workflow runs to completion, and the Lambda copies the `retrieve` files back.
 */
export function compileSubpipeStep(step: SubpipeStep, out: BlockOutput): void {
  const runState = stateName(`${step.name}.subpipe`);
  const retrieveState = stateName(`${step.name}.retrieve`);
  addState(
    out,
    stateName(step.name),
    lambdaTask({
      lambda: "subpipes",
      stepName: step.name,
      inScatter: out.inScatter,
      parameters: {
        mode: "submit",
        "repo.$": "$.repo.uri",
        job_data: step.jobData ?? null,
        submit: JSON.stringify(step.submit),
        step_name: step.name,
      },
      resultPath: "$.subpipe",
      flow: { Next: runState },
    }),
  );
  addState(out, runState, {
    Type: "Task",
    // .sync:2 hands back the child's output as JSON rather than a string; it is discarded either way.
    Resource: "arn:aws:states:::states:startExecution.sync:2",
    Parameters: {
      StateMachineArn: childStateMachineArn(step.subpipe),
      "Name.$": childExecutionName(step.name),
      Input: {
        index: "main",
        "job_file.$": "$.job_file",
        prev_outputs: {},
        "repo.$": "$.subpipe.sub_repo",
        "share_id.$": "$.share_id",
        // Links the runs in the console, and tells the child's Initialize not to read a job file.
        "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
      },
    },
    ResultPath: null,
    Next: retrieveState,
  });
  addState(
    out,
    retrieveState,
    lambdaTask({
      lambda: "subpipes",
      stepName: step.name,
      inScatter: out.inScatter,
      parameters: {
        mode: "retrieve",
        "repo.$": "$.repo.uri",
        retrieve: JSON.stringify(step.retrieve),
        subpipe: { "sub_repo.$": "$.subpipe.sub_repo.uri" },
      },
      // The child's outputs are not the parent's files: the next step gets no auto-inputs (as in the reference).
      resultSelector: {},
      resultPath: "$.prev_outputs",
      flow: transition(step.next),
    }),
  );
}

/** A full ARN is used as given; a workflow name means that workflow's `current` alias (its deployed version, not the latest draft). */
function childStateMachineArn(subpipe: string): string {
  if (subpipe.startsWith("arn:")) return subpipe;
  return `arn:aws:states:${placeholder(AWS_REGION)}:${placeholder(AWS_ACCOUNT_ID)}:stateMachine:${subpipe}:${CURRENT_ALIAS}`;
}

/**
 * `<step>_<md5>` where the hash covers the parent execution's ID (unique per run and per scatter
 * branch) and the time the state was entered (a loop or a redrive starts a new child), so names
 * never collide and stay within 80 characters at any nesting depth.
 */
function childExecutionName(stepName: string): string {
  const step = boundedToken(stepName, MAX_CHILD_NAME_STEP_PART);
  return `States.Format('${step}_{}', States.Hash(States.Format('{}/{}', $$.Execution.Id, $$.State.EnteredTime), 'MD5'))`;
}
