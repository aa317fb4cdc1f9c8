import type { ErrorTolerance, ScatterStep } from "../../spec/types";
import { compileBlock, firstStateName } from "../block";
import { addState, nestedBlock, type BlockOutput } from "../context";
import { transition } from "../flow";
import { inputsParameter } from "../inputs";
import { lambdaTask } from "../lambda";
import { boundedToken, stateName } from "../names";
import { SCATTER_INIT_RETRY_ATTEMPTS } from "../retry";
import { RUN_EXECUTION_FIELD } from "../runExecution";

/** Step Functions limits a Map Run label to 40 characters. */
const MAX_MAP_LABEL = 40;

/**
 * Three states: the scatter Lambda expands the items into a JSON Lines file (one JSON object per
 * branch, so values keep their types), a Distributed Map runs one child execution per line, and the
 * gather Lambda collects the branches' outputs into the manifest.
 */
export function compileScatterStep(step: ScatterStep, out: BlockOutput): void {
  const mapState = stateName(`${step.name}.map`);
  const gatherState = stateName(`${step.name}.gather`);
  addState(
    out,
    stateName(step.name),
    lambdaTask({
      lambda: "scatter",
      stepName: step.name,
      inScatter: false,
      parameters: {
        "repo.$": "$.repo",
        scatter: JSON.stringify(step.scatter),
        ...inputsParameter(step.inputs && JSON.stringify(step.inputs)),
        outputs: JSON.stringify(step.outputs),
        step_name: step.name,
      },
      resultPath: "$.scatter",
      flow: { Next: mapState },
    }),
  );
  addState(out, mapState, {
    Type: "Map",
    ItemReader: {
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSONL" },
      Parameters: { "Bucket.$": "$.scatter.items.bucket", "Key.$": "$.scatter.items.key" },
    },
    // Each branch starts with a fresh job object in the scatter repository; S.initialize moves it to the branch's own.
    ItemSelector: {
      "index.$": "States.Format('{}', $$.Map.Item.Index)",
      "job_file.$": "$.job_file",
      prev_outputs: {},
      "scatter.$": "$$.Map.Item.Value",
      "repo.$": "$.scatter.repo",
      "share_id.$": "$.share_id",
      [`${RUN_EXECUTION_FIELD}.$`]: "$$.Execution.Name",
    },
    ItemProcessor: {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      ...branch(step, out),
    },
    ...(step.maxConcurrency > 0 && { MaxConcurrency: step.maxConcurrency }),
    ...tolerance(step.errorTolerance),
    Label: boundedToken(step.name, MAX_MAP_LABEL),
    ResultPath: null,
    Next: gatherState,
  });
  addState(
    out,
    gatherState,
    lambdaTask({
      lambda: "gather",
      stepName: step.name,
      inScatter: false,
      parameters: { "repo.$": "$.repo.uri", outputs: JSON.stringify(step.outputs), step_name: step.name },
      resultPath: "$.prev_outputs",
      flow: transition(step.next),
    }),
  );
}

/** The child block, behind `S.initialize`, which writes the branch's job data and switches to its repository. */
function branch(step: ScatterStep, parent: BlockOutput): { StartAt: string; States: Record<string, unknown> } {
  const out = nestedBlock(parent, true);
  const initializeState = stateName(`${step.name}.initialize`);
  addState(
    out,
    initializeState,
    lambdaTask({
      lambda: "scatterInit",
      stepName: step.name,
      inScatter: true,
      parameters: { "index.$": "$.index", "repo.$": "$.repo", "scatter.$": "$.scatter" },
      resultPath: "$.repo",
      flow: { Next: firstStateName(step.steps) },
      retryAttempts: SCATTER_INIT_RETRY_ATTEMPTS,
    }),
  );
  compileBlock(step.steps, out);
  return { StartAt: initializeState, States: out.states };
}

function tolerance(t: ErrorTolerance): Record<string, number> {
  return "count" in t ? { ToleratedFailureCount: t.count } : { ToleratedFailurePercentage: t.percent };
}
