import type { Repository } from "../repository";
import { EventFields } from "../stepLambdas";

/** What the gather Lambda is asked to do (shared/compiler/steps/scatter.ts, state `S.gather`). */
export interface GatherRequest {
  /** The repository the scatter step runs in (not the scatter repository). */
  repo: Repository;
  stepName: string;
  /** Output name → file name in each branch. */
  outputs: Record<string, string>;
}

export function parseGatherEvent(event: unknown): GatherRequest {
  const fields = new EventFields("gather", event);
  return { repo: fields.repositoryUri("repo"), stepName: fields.string("step_name"), outputs: fields.stringMapJson("outputs") };
}
