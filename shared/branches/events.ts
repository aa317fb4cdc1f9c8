import type { Repository } from "../repository";
import type { ScatterSource } from "../spec/types";
import { EventFields, StepLambdaError } from "../stepLambdas";

/** What the scatter Lambda is asked to do (shared/compiler/steps/scatter.ts, state `S`). */
export interface ScatterRequest {
  /** The repository the scatter step runs in. */
  repo: Repository;
  stepName: string;
  scatter: Record<string, ScatterSource>;
  /** Files of `repo` the branches see as `${parent.<name>}`. */
  inputs: Record<string, string>;
  /** File names gather collects from every branch; the branches see them as `${parent.<name>}`. */
  outputs: Record<string, string>;
}

export function parseScatterEvent(event: unknown): ScatterRequest {
  const fields = new EventFields("scatter", event);
  return {
    repo: fields.repositoryObject("repo"),
    stepName: fields.string("step_name"),
    scatter: fields.objectJson("scatter") as Record<string, ScatterSource>,
    inputs: fields.stringMapJson("inputs"),
    outputs: fields.stringMapJson("outputs"),
  };
}

/** What scatter-init is asked to do (state `S.initialize`, first in every branch). */
export interface BranchRequest {
  /** The branch's position in the item file, from 0. */
  index: number;
  /** The scatter step's repository, which holds the branch job data template. */
  scatterRepo: Repository;
  /** The branch's item: one line of the item file. */
  item: Record<string, unknown>;
}

/** Map item indexes arrive as text (`States.Format('{}', $$.Map.Item.Index)`). */
const INDEX = /^(0|[1-9][0-9]*)$/;

export function parseBranchEvent(event: unknown): BranchRequest {
  const fields = new EventFields("scatter-init", event);
  const index = fields.string("index");
  if (!INDEX.test(index) || !Number.isSafeInteger(Number(index))) {
    throw new StepLambdaError("BadEvent", `scatter-init event: field 'index' must be a branch number like "0" or "17", got ${JSON.stringify(index)}`);
  }
  return { index: Number(index), scatterRepo: fields.repositoryObject("repo"), item: fields.object("scatter") };
}
